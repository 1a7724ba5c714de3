using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// A TEST-ONLY RFC 3161 time-stamp authority in the test process: a CMS SignedData over a TSTInfo (SHA-256 imprint,
/// genTime <paramref name="at"/>, ESS signing-certificate-v2, the TSA chain embedded), signed by any certificate. Built
/// by hand because BouncyCastle's TimeStampTokenGenerator, OpenSSL's <c>ts -reply</c> and Verifier's own client all
/// refuse a TSA certificate without the timeStamping EKU, which is one of the negatives under test.
/// </summary>
internal sealed class InProcessTimeStamper(TestPki.Issued tsa, IReadOnlyList<X509Certificate> chain, DateTimeOffset at) : ITimeStamper
{
    private static long _serial;

    public byte[] Stamp(ReadOnlySpan<byte> data)
    {
        var imprint = new MessageImprint(new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256), SHA256.HashData(data));
        var info = new TstInfo(new DerObjectIdentifier("1.3.6.1.4.1.99999.1"), imprint,
            new DerInteger(BigInteger.ValueOf(Interlocked.Increment(ref _serial))), new Asn1GeneralizedTime(at.UtcDateTime),
            null, DerBoolean.False, null, null, null);

        // RFC 5035 signing-certificate-v2 (SHA-256 is the default, so no algorithm is written) names the TSA certificate.
        var certId = new EssCertIDv2(SHA256.HashData(tsa.Der));
        // The CMS signing-time attribute (which verifiers prefer to genTime) says the same time; left out, BouncyCastle
        // would add the clock's.
        var attributes = new Org.BouncyCastle.Asn1.Cms.AttributeTable(new Asn1EncodableVector(
            new Org.BouncyCastle.Asn1.Cms.Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2([certId]))),
            new Org.BouncyCastle.Asn1.Cms.Attribute(CmsAttributes.SigningTime, new DerSet(new Org.BouncyCastle.Asn1.Cms.Time(at.UtcDateTime)))));
        string signatureAlgorithm = tsa.Key.Private is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
            .Build(new Asn1SignatureFactory(signatureAlgorithm, tsa.Key.Private), tsa.Cert);

        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificates(CollectionUtilities.CreateStore(chain));
        var token = generator.Generate(new CmsProcessableByteArray(PkcsObjectIdentifiers.IdCTTstInfo, info.GetEncoded()), true);
        return token.GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der); // c2pa-rs parses DER only (BouncyCastle writes BER by default)
    }
}
