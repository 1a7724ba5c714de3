using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;

namespace Verifier.Provenance.Keys;

/// <summary>
/// Writes a <see cref="DevelopmentPki"/> as the files <c>verifier sign</c>, c2patool and the oracle read (the names of
/// docs/architecture.md), each PEM block preceded by a "TEST ONLY" comment line. Existing files are kept unless forced,
/// so a second <c>keys init</c> cannot silently replace keys that signed files already depend on.
/// </summary>
public static class DevelopmentPkiFiles
{
    public const string Root = "root.pem";
    public const string Chain = "chain.pem";
    public const string SignerKey = "signer.key";
    public const string Tsa = "tsa.pem";
    public const string TsaChain = "tsa-chain.pem";
    public const string TsaKey = "tsa.key";

    public static IReadOnlyList<string> Names { get; } = [Root, Chain, SignerKey, Tsa, TsaChain, TsaKey];

    /// <summary>Writes every file into <paramref name="dir"/> (created if needed); returns the paths written.</summary>
    /// <exception cref="SignerException">A file exists and <paramref name="force"/> is false.</exception>
    public static IReadOnlyList<string> Write(DevelopmentPki pki, string dir, bool force)
    {
        var existing = Names.Select(n => Path.Combine(dir, n)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new SignerException(
                $"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; use --force to replace them (files signed with the old keys stop being trusted under a new root)");
        }

        Directory.CreateDirectory(dir);
        var files = new (string Name, string Text, bool Secret)[]
        {
            (Root, Certificates("trust anchor: give this to verifiers (verifier verify --trust)", [pki.Root.Certificate]), false),
            (Chain, Certificates("signer + intermediate, as COSE x5chain carries them", pki.SignerChain), false),
            (SignerKey, PrivateKey("signer private key, PKCS#8", pki.Signer.PrivateKey), true),
            (Tsa, Certificates("time-stamp authority certificate", [pki.TimeStampAuthority.Certificate]), false),
            (TsaChain, Certificates("time-stamp authority + intermediate", pki.TimeStampChain), false),
            (TsaKey, PrivateKey("time-stamp authority private key, PKCS#8", pki.TimeStampAuthority.PrivateKey), true),
        };

        var written = new List<string>();
        foreach (var (name, text, secret) in files)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            if (secret && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            written.Add(path);
        }

        return written;
    }

    private static string Certificates(string what, IEnumerable<X509Certificate> certs)
    {
        var text = new StringBuilder(Header(what));
        foreach (var cert in certs)
        {
            text.Append(Pem("CERTIFICATE", cert.GetEncoded()));
        }

        return text.ToString();
    }

    private static string PrivateKey(string what, AsymmetricKeyParameter key) =>
        Header(what) + Pem("PRIVATE KEY", Pkcs8(key));

    /// <summary>
    /// PKCS#8 v1. BouncyCastle writes Ed25519 keys as v2 with the public key attached, which OpenSSL 3 (and so Node,
    /// c2patool and the oracle) refuses; the bare v1 form is what every tool reads.
    /// </summary>
    private static byte[] Pkcs8(AsymmetricKeyParameter key) => key is Ed25519PrivateKeyParameters ed
        ? new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DerOctetString(ed.GetEncoded())).GetEncoded()
        : PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded();

    private static string Header(string what) =>
        $"# TEST ONLY: Verifier development PKI ({what}). Never use it to sign anything real.\n";

    private static string Pem(string label, byte[] der) => new string(System.Security.Cryptography.PemEncoding.Write(label, der)) + "\n";
}
