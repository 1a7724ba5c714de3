using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Keys;

/// <summary>
/// Makes a <see cref="LocalClaimSigner"/> from key files, refusing with a clear message when the algorithm does not fit
/// the key (<see cref="SignerException"/>), or the key does not match the signer certificate or the chain breaks the C2PA
/// profile (<see cref="SigningRefusedException"/>, naming the rule).
/// </summary>
public static class KeyLoader
{
    /// <summary>The environment variable read for the key password when none is given on the command line.</summary>
    public const string PasswordVariable = "VERIFIER_KEY_PASSWORD";

    public static LocalClaimSigner Load(KeySource source)
    {
        var password = source.Password ?? Environment.GetEnvironmentVariable(PasswordVariable);
        AsymmetricKeyParameter key;
        IReadOnlyList<X509Certificate>? chain = source.CertificatePath is { } certs ? KeyFiles.ReadCertificates(certs) : null;
        if (KeyFiles.IsPkcs12(source.KeyPath))
        {
            // A --cert given beside a PKCS#12 file replaces the chain stored in it.
            (key, var stored) = KeyFiles.ReadPkcs12(source.KeyPath, password);
            chain ??= stored;
        }
        else
        {
            key = KeyFiles.ReadPrivateKey(source.KeyPath, password);
            if (chain is null)
            {
                throw new SignerException($"{source.KeyPath}: a PEM key needs its certificate chain (--cert CHAIN.pem)");
            }
        }

        return Create(key, chain, source.Algorithm, source.TimeStampAuthority);
    }

    /// <summary>A signer for <paramref name="privateKey"/> with <paramref name="chain"/> (signer first).</summary>
    public static LocalClaimSigner Create(AsymmetricKeyParameter privateKey, IReadOnlyList<X509Certificate> chain,
        CoseAlgorithm? algorithm = null, Uri? timeStampAuthority = null)
    {
        if (!privateKey.IsPrivate)
        {
            throw new SignerException("the key is a public key; signing needs the private key");
        }

        var alg = algorithm ?? KeyAlgorithms.Infer(privateKey)
            ?? throw new SignerException($"the key ({KeyAlgorithms.Describe(privateKey)}) has no C2PA signature algorithm");
        if (KeyAlgorithms.Misfit(alg, privateKey) is { } misfit)
        {
            throw new SignerException(misfit);
        }

        var leaf = chain.Count > 0 ? chain[0] : throw new SignerException("the certificate chain is empty");
        if (!Matches(alg, privateKey, leaf))
        {
            throw new SigningRefusedException(RefusalRule.KeyMismatch,
                $"the private key ({KeyAlgorithms.Describe(privateKey)}) does not match the public key of the signer certificate '{leaf.SubjectDN}' ({KeyAlgorithms.Describe(leaf.GetPublicKey())}); is the signer certificate first in the chain?");
        }

        SignerProfile.Ensure(chain, DateTimeOffset.UtcNow);
        return new LocalClaimSigner(alg, privateKey, WithoutRoot(chain), timeStampAuthority);
    }

    /// <summary>Whether the certificate's key verifies a signature made with the private key: the one test that holds for every key type.</summary>
    internal static bool Matches(CoseAlgorithm alg, AsymmetricKeyParameter privateKey, X509Certificate cert)
    {
        ReadOnlySpan<byte> probe = "Verifier key match probe"u8;
        return Signatures.Verify(alg, cert.GetPublicKey(), probe, Signatures.Sign(alg, privateKey, probe));
    }

    /// <summary>The chain without a trailing self-signed root, which c2pa-rs leaves out of x5chain (the verifier has it).</summary>
    internal static IReadOnlyList<X509Certificate> WithoutRoot(IReadOnlyList<X509Certificate> chain) =>
        chain.Count > 1 && chain[^1].IssuerDN.Equivalent(chain[^1].SubjectDN) && CertificateTrust.SignedBy(chain[^1], chain[^1])
            ? chain.Take(chain.Count - 1).ToList()
            : chain;
}
