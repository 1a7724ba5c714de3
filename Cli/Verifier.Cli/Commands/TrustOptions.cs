using System.CommandLine;
using Verifier.Cli.Inputs;
using Verifier.Provenance.Certificates;

namespace Verifier.Cli.Commands;

/// <summary>The trust options shared by <c>verify</c> and <c>inspect</c>, and the <see cref="TrustSettings"/> they give.</summary>
public sealed class TrustOptions
{
    public Option<string?> Trust { get; } = new("--trust") { Description = "PEM bundle of trust anchors for claim signers", HelpName = "PEM" };

    public Option<string?> TsaTrust { get; } =
        new("--tsa-trust") { Description = "PEM bundle of time-stamp authority anchors (default: the --trust anchors)", HelpName = "PEM" };

    public Option<string?> Allowed { get; } =
        new("--allowed") { Description = "PEM bundle of signer certificates trusted as they are", HelpName = "PEM" };

    public void AddTo(Command command)
    {
        command.Add(Trust);
        command.Add(TsaTrust);
        command.Add(Allowed);
    }

    public TrustSettings Settings(ParseResult parse)
    {
        var trust = parse.GetValue(Trust);
        var tsa = parse.GetValue(TsaTrust);
        var allowed = parse.GetValue(Allowed);
        return new TrustSettings
        {
            Anchors = trust is null ? [] : PemCertificates.Load(trust, "--trust"),
            TsaAnchors = tsa is null ? null : PemCertificates.Load(tsa, "--tsa-trust"),
            Allowed = allowed is null ? [] : PemCertificates.Load(allowed, "--allowed"),
        };
    }
}
