using System.CommandLine;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Commands;

/// <summary>The trust options shared by <c>verify</c> and <c>inspect</c>, and the <see cref="TrustSettings"/> they give.</summary>
public sealed class TrustOptions
{
    public Option<string?> Trust { get; } = new("--trust") { Description = "PEM bundle of trust anchors for claim signers", HelpName = "PEM" };

    public Option<string?> TsaTrust { get; } =
        new("--tsa-trust") { Description = "PEM bundle of time-stamp authority anchors (default: the --trust anchors)", HelpName = "PEM" };

    public Option<string?> Allowed { get; } =
        new("--allowed") { Description = "PEM bundle of signer certificates trusted as they are", HelpName = "PEM" };

    public Option<string?> TrustConfig { get; } =
        new("--trust-config") { Description = "Extra EKU OIDs accepted for signers, one per line (c2pa-rs trust_config)", HelpName = "FILE" };

    public void AddTo(Command command)
    {
        command.Add(Trust);
        command.Add(TsaTrust);
        command.Add(Allowed);
        command.Add(TrustConfig);
    }

    /// <summary>The trust settings the options name; a bundle that cannot be loaded is a usage error (64).</summary>
    public TrustSettings Settings(ParseResult parse)
    {
        try
        {
            return TrustSettingsLoader.FromPemFiles(parse.GetValue(Trust), parse.GetValue(TsaTrust), parse.GetValue(Allowed),
                parse.GetValue(TrustConfig));
        }
        catch (Exception e) when (e is ProvenanceReadException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot load the trust settings: {e.Message}");
        }
    }
}
