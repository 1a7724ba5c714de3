using System.Security.Cryptography;

namespace Verifier.Cli.Inputs;

/// <summary>
/// Reads the certificates of a PEM bundle as DER. The one place the CLI loads trust material, to be swapped for the
/// Provenance library's PEM trust loader once it exists.
/// </summary>
public static class PemCertificates
{
    // A trust bundle far larger than any real one is refused rather than read into memory.
    private const long MaxBundleBytes = 16 * 1024 * 1024;

    /// <summary>The DER bytes of every CERTIFICATE block; a <see cref="UsageException"/> when there are none.</summary>
    public static IReadOnlyList<byte[]> Load(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{option} {path}: file not found");
        }

        if (new FileInfo(path).Length > MaxBundleBytes)
        {
            throw new UsageException($"{option} {path}: larger than {MaxBundleBytes / (1024 * 1024)} MiB, not a certificate bundle");
        }

        var text = File.ReadAllText(path).AsSpan();
        var certificates = new List<byte[]>();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                certificates.Add(Convert.FromBase64String(text[fields.Base64Data].ToString()));
            }

            text = text[fields.Location.End.GetOffset(text.Length)..];
        }

        return certificates.Count > 0 ? certificates : throw new UsageException($"{option} {path}: no PEM CERTIFICATE found");
    }
}
