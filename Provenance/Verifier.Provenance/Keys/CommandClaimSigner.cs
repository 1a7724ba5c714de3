using System.Text.Json;
using Org.BouncyCastle.X509;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Keys;

/// <summary>
/// A signer whose key lives in another program (<c>--signer-cmd CMD</c>): an HSM, a cloud KMS or a signing service.
/// <c>CMD --signer-info</c> prints <c>{"alg": "es256", "certificate_chain": "PEM...", "tsa_url": "https://..."}</c>
/// (tsa_url optional; c2patool's <c>sign_cert</c> is read as certificate_chain); <c>CMD</c> signs the bytes on its stdin and writes the raw signature (ECDSA as r‖s) to stdout.
/// Every signature is checked against the signer certificate before it is used, so a wrong key or a DER ECDSA
/// signature is refused here rather than producing a file no verifier accepts.
/// </summary>
public sealed class CommandClaimSigner : IClaimSigner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly SignerCommand _command;
    private readonly X509Certificate _leaf;

    private CommandClaimSigner(SignerCommand command, CoseAlgorithm algorithm, IReadOnlyList<X509Certificate> chain, Uri? tsa)
    {
        _command = command;
        _leaf = chain[0];
        Algorithm = algorithm;
        CertificateChain = KeyLoader.WithoutRoot(chain).Select(c => c.GetEncoded()).ToList();
        TimeStampAuthority = tsa;
    }

    public CoseAlgorithm Algorithm { get; }

    public IReadOnlyList<byte[]> CertificateChain { get; }

    public Uri? TimeStampAuthority { get; }

    /// <summary>Asks <paramref name="commandLine"/> for its algorithm, chain and TSA (<c>--signer-info</c>).</summary>
    public static CommandClaimSigner Start(string commandLine, TimeSpan? timeout = null)
    {
        var command = new SignerCommand(commandLine, timeout ?? DefaultTimeout);
        var info = command.Run("--signer-info", []);
        try
        {
            using var json = JsonDocument.Parse(info);
            var root = json.RootElement;
            var algName = root.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : null;
            var alg = algName is null ? throw Bad(commandLine, "has no \"alg\" string")
                : KeyAlgorithms.Parse(algName) ?? throw Bad(commandLine, $"names alg '{algName}', which is none of {string.Join(", ", KeyAlgorithms.Names)}");
            // c2patool's signer-info names the chain sign_cert; either spelling is taken.
            var pem = (root.TryGetProperty("certificate_chain", out var c) || root.TryGetProperty("sign_cert", out c))
                && c.ValueKind == JsonValueKind.String ? c.GetString()! : null;
            var chain = pem is null ? throw Bad(commandLine, "has no \"certificate_chain\" PEM string") : Certificates(commandLine, pem);
            Uri? tsa = null;
            if (root.TryGetProperty("tsa_url", out var t) && t.ValueKind != JsonValueKind.Null)
            {
                tsa = t.ValueKind == JsonValueKind.String && Uri.TryCreate(t.GetString(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                    ? u : throw Bad(commandLine, "has a \"tsa_url\" that is not an http(s) URL");
            }

            if (KeyAlgorithms.Misfit(alg, chain[0].GetPublicKey()) is { } misfit)
            {
                throw Bad(commandLine, $"names an alg that does not fit its certificate: {misfit}");
            }

            SignerProfile.Ensure(chain, DateTimeOffset.UtcNow);
            return new CommandClaimSigner(command, alg, chain, tsa);
        }
        catch (JsonException e)
        {
            throw Bad(commandLine, $"is not JSON ({e.Message})");
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> toBeSigned)
    {
        var signature = _command.Run(null, toBeSigned);
        if (signature.Length == 0)
        {
            throw new SignerException($"signer command '{_command.CommandLine}' wrote no signature");
        }

        if (!Signatures.Verify(Algorithm, _leaf.GetPublicKey(), toBeSigned, signature))
        {
            var hint = Algorithm.IsEcdsa() && signature.Length > 0 && signature[0] == 0x30
                ? " (it looks DER-encoded; COSE needs raw r||s)" : " (a key other than the certificate's, or another algorithm)";
            throw new SignerException(
                $"the signature from '{_command.CommandLine}' does not verify with its certificate '{_leaf.SubjectDN}'{hint}");
        }

        return signature;
    }

    private static IReadOnlyList<X509Certificate> Certificates(string commandLine, string pem)
    {
        if (pem.Length > SignerCommand.MaxOutputBytes)
        {
            throw Bad(commandLine, "has an oversized certificate_chain");
        }

        try
        {
            return KeyFiles.ParseCertificates(pem, "certificate_chain");
        }
        catch (SignerException e)
        {
            throw Bad(commandLine, $"has an unreadable {e.Message}");
        }
    }

    private static SignerException Bad(string commandLine, string problem) =>
        new($"'{commandLine} --signer-info' {problem}");
}
