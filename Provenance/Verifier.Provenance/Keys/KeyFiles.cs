using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Certificates;

namespace Verifier.Provenance.Keys;

/// <summary>Reads private keys and certificates from PEM, DER PKCS#8 and PKCS#12, with clear refusals.</summary>
public static class KeyFiles
{
    /// <summary>Key and certificate files are a few kilobytes; anything this large is not one.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Reads one private key: PKCS#8 (plain or encrypted), SEC1 EC, PKCS#1 RSA (PEM), or DER PKCS#8.</summary>
    public static AsymmetricKeyParameter ReadPrivateKey(string path, string? password)
    {
        var bytes = ReadBounded(path, "key");
        try
        {
            if (!LooksLikePem(bytes))
            {
                return PrivateKeyFactory.CreateKey(bytes);
            }

            using var pem = new PemReader(new StringReader(Encoding.ASCII.GetString(bytes)), new Password(password));
            for (object? item = pem.ReadObject(); item is not null; item = pem.ReadObject())
            {
                switch (item)
                {
                    case AsymmetricCipherKeyPair pair:
                        return pair.Private;
                    case AsymmetricKeyParameter { IsPrivate: true } key:
                        return key;
                }
            }
        }
        catch (Org.BouncyCastle.OpenSsl.PasswordException e)
        {
            throw new SignerException($"{path}: the key is encrypted: {e.Message} (give --key-password or set {KeyLoader.PasswordVariable})", e);
        }
        catch (Exception e) when (e is not SignerException && (MalformedInput.IsParseError(e) || e is InvalidCipherTextException or PemException))
        {
            throw new SignerException($"{path}: not a readable private key ({e.Message}){(password is null ? "" : "; is the password right?")}", e);
        }

        throw new SignerException($"{path}: no private key found (expected PEM PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    /// <summary>Reads PEM certificates in file order.</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificates(string path) =>
        ParseCertificates(Encoding.ASCII.GetString(ReadBounded(path, "certificate")), path);

    /// <summary>Parses PEM certificates in order; <paramref name="source"/> names them in messages.</summary>
    public static IReadOnlyList<X509Certificate> ParseCertificates(string pemText, string source)
    {
        var certs = new List<X509Certificate>();
        try
        {
            using var pem = new PemReader(new StringReader(pemText));
            for (object? item = pem.ReadObject(); item is not null; item = pem.ReadObject())
            {
                if (item is X509Certificate cert)
                {
                    certs.Add(cert);
                }

                if (certs.Count > CertificateTrust.MaxChainLength)
                {
                    throw new SignerException($"{source}: more than {CertificateTrust.MaxChainLength} certificates");
                }
            }
        }
        catch (Exception e) when (e is not SignerException && (MalformedInput.IsParseError(e) || e is PemException))
        {
            throw new SignerException($"{source}: not readable PEM certificates ({e.Message})", e);
        }

        return certs.Count > 0 ? certs : throw new SignerException($"{source}: no PEM CERTIFICATE found");
    }

    /// <summary>Reads the first key entry of a PKCS#12 file with its certificate chain (signer first).</summary>
    public static (AsymmetricKeyParameter Key, IReadOnlyList<X509Certificate> Chain) ReadPkcs12(string path, string? password)
    {
        var bytes = ReadBounded(path, "PKCS#12");
        var store = new Pkcs12StoreBuilder().Build();
        try
        {
            store.Load(new MemoryStream(bytes), (password ?? "").ToCharArray());
        }
        catch (Exception e) when (MalformedInput.IsParseError(e) || e is InvalidCipherTextException)
        {
            throw new SignerException($"{path}: cannot open the PKCS#12 file ({e.Message})", e);
        }

        var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry)
            ?? throw new SignerException($"{path}: the PKCS#12 file holds no private key");
        var chain = store.GetCertificateChain(alias)?.Select(e => e.Certificate).ToList() ?? [];
        if (chain.Count == 0 && store.GetCertificate(alias) is { } single)
        {
            chain.Add(single.Certificate);
        }

        return chain.Count > 0
            ? (store.GetKey(alias).Key, chain)
            : throw new SignerException($"{path}: the PKCS#12 file holds no certificate for its key");
    }

    /// <summary>Whether a file is PKCS#12 by its name (<c>.p12</c>, <c>.pfx</c>).</summary>
    public static bool IsPkcs12(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".p12" or ".pfx";

    private static byte[] ReadBounded(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SignerException($"{path}: no such {what} file");
            }

            return info.Length <= MaxFileBytes
                ? File.ReadAllBytes(path)
                : throw new SignerException($"{path}: {info.Length} bytes is too large for a {what} file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignerException($"{path}: cannot read the {what} file ({e.Message})", e);
        }
    }

    private static bool LooksLikePem(byte[] bytes) => bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0;

    private sealed class Password(string? password) : IPasswordFinder
    {
        public char[] GetPassword() =>
            password?.ToCharArray() ?? throw new Org.BouncyCastle.OpenSsl.PasswordException("no password was given");
    }
}
