using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using Verifier.Provenance.TimeStamps;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier sign IN -o OUT --cert CHAIN.pem --key KEY [--alg A] [--manifest DEF.json] [--source-type TERM|URI]
/// [--parent FILE] [--tsa URL] [--sidecar] [--remote URL] [--no-thumbnail] [--fragments GLOB [--fragments-out DIR]]</c>:
/// embeds a signed C2PA manifest (JPEG, PNG, WebP, MP4/MOV/M4A, HEIF/AVIF; with <c>--fragments</c>, IN is a fragmented MP4's init segment and
/// each fragment is written, same name, next to OUT or into DIR).
/// Exit 0 signed, 2 refused (the rule is named), 64 usage, 70 internal, 74 I/O.
/// </summary>
public static class SignCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("IN") { Description = "The asset to sign (JPEG, PNG, WebP, MP4, MOV, M4A, HEIF/HEIC, AVIF)" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the signed asset", Required = true, HelpName = "OUT" };
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain, signer first (optional with a PKCS#12 key)", HelpName = "CHAIN.pem" };
        var key = new Option<string?>("--key") { Description = "Private key: PEM (PKCS#8, encrypted PKCS#8, EC, RSA) or PKCS#12 (.p12/.pfx)", HelpName = "KEY" };
        var keyPassword = new Option<string?>("--key-password")
        {
            Description = $"Password of an encrypted key (else ${KeyLoader.PasswordVariable})",
            HelpName = "PASSWORD",
        };
        var signerCmd = new Option<string?>("--signer-cmd")
        {
            Description = "Sign with an external program (HSM, cloud KMS): CMD --signer-info prints {alg, certificate_chain, tsa_url}; CMD signs stdin to stdout",
            HelpName = "CMD",
        };
        var alg = new Option<string?>("--alg") { Description = "es256|es384|es512|ps256|ps384|ps512|ed25519 (default: from the key)" };
        var manifest = new Option<string?>("--manifest")
        {
            Description = "Manifest definition in c2patool's JSON shape (ingredient paths are relative to its folder)",
            HelpName = "DEF.json",
        };
        var sourceType = new Option<string?>("--source-type")
        {
            Description = "digitalSourceType of c2pa.created: an IPTC term (trainedAlgorithmicMedia) or a URI",
            HelpName = "TERM|URI",
        };
        var parent = new Option<string?>("--parent") { Description = "A signed file to record as the parent ingredient (c2pa.opened)", HelpName = "FILE" };
        var tsa = new Option<string?>("--tsa") { Description = "RFC 3161 time-stamp authority URL", HelpName = "URL" };
        var sidecar = new Option<bool>("--sidecar") { Description = "Leave the asset unchanged; write the store to OUT's name with .c2pa" };
        var remote = new Option<string?>("--remote") { Description = "Also name URL in the asset's XMP (dcterms:provenance) as where the store is published", HelpName = "URL" };
        var noThumbnail = new Option<bool>("--no-thumbnail") { Description = "Leave out the JPEG claim thumbnail (made by default)" };
        var fragments = new Option<string?>("--fragments")
        {
            Description = "Fragment files (moof + mdat) of the fragmented MP4 whose init segment is IN; signed with a Merkle tree, in name order",
            HelpName = "GLOB",
        };
        var fragmentsOut = new Option<string?>("--fragments-out")
        {
            Description = "Folder for the signed fragments (same file names); default: OUT's folder",
            HelpName = "DIR",
        };
        var trust = new TrustOptions();
        var command = new Command("sign", "Sign a file with Content Credentials (C2PA)")
        {
            input, output, cert, key, keyPassword, signerCmd, alg, manifest, sourceType, parent, tsa, sidecar, remote, noThumbnail,
            fragments, fragmentsOut,
        };
        trust.AddTo(command);
        command.SetAction(parse => Run(context, () =>
        {
            var signer = LoadSigner(parse.GetValue(cert), parse.GetValue(key), parse.GetValue(keyPassword), parse.GetValue(signerCmd),
                parse.GetValue(alg));
            var tsaUrl = parse.GetValue(tsa) is { } t
                ? Uri.TryCreate(t, UriKind.Absolute, out var u) ? u : throw new UsageException($"--tsa {t}: not an absolute URL")
                : signer.TimeStampAuthority;
            var request = new SignRequest
            {
                InputPath = RequireFile(parse.GetRequiredValue(input), "IN"),
                OutputPath = parse.GetRequiredValue(output),
                Signer = signer,
                TimeStamper = tsaUrl is null ? null : new Rfc3161Client(tsaUrl),
                Definition = LoadDefinition(parse.GetValue(manifest)),
                DigitalSourceType = parse.GetValue(sourceType) is { } st
                    ? DigitalSourceTypes.Resolve(st) ?? throw new UsageException($"--source-type {st}: not a known term or an absolute URI")
                    : null,
                ParentPath = parse.GetValue(parent) is { } p ? RequireFile(p, "--parent") : null,
                ParentTrust = trust.Settings(parse),
                Thumbnails = parse.GetValue(noThumbnail) ? null : new MediaThumbnails(m => context.Error.WriteLine($"verifier: warning: {m}")),
                Sidecar = parse.GetValue(sidecar),
                RemoteUrl = parse.GetValue(remote) is { } url
                    ? Uri.TryCreate(url, UriKind.Absolute, out _) ? url : throw new UsageException($"--remote {url}: not an absolute URL")
                    : null,
                FragmentPaths = parse.GetValue(fragments) is { } glob ? VerifyCommand.Fragments(glob) : [],
                FragmentsOutputDirectory = parse.GetValue(fragmentsOut) is { } dir
                    ? parse.GetValue(fragments) is not null ? dir : throw new UsageException("--fragments-out without --fragments")
                    : null,
            };
            if (request.Sidecar && request.RemoteUrl is not null)
            {
                throw new UsageException("--remote with --sidecar (a remote-only manifest) is not supported yet");
            }

            return request;
        }));
        return command;
    }

    /// <summary>Builds the request (loading the signer may already refuse) and signs; refusals and I/O map to exit codes.</summary>
    private static int Run(CliContext context, Func<SignRequest> request)
    {
        try
        {
            var result = Builder.Sign(request());
            context.Output.WriteLine($"signed {Printable.Clean(result.OutputPath)} ({result.MediaType}): manifest {result.ManifestLabel}, " +
                                     $"store {result.StoreLength} bytes, signature {result.SignatureLength} bytes" +
                                     (result.SidecarPath is { } c2pa ? $", store written to {Printable.Clean(c2pa)}" : "") +
                                     (result.FragmentPaths.Count > 0
                                         ? $", {result.FragmentPaths.Count} fragments written to {Printable.Clean(Path.GetDirectoryName(result.FragmentPaths[0])!)}"
                                         : ""));
            return ExitCodes.Trusted;
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            context.Error.WriteLine($"verifier: {failure.Message}");
            return failure.ExitCode;
        }
    }

    /// <summary>How an expected failure reads and exits: refusals 2 (naming the rule), time-stamp and I/O trouble 74.</summary>
    private static (int ExitCode, string Message)? Failure(Exception e) => e switch
    {
        SigningRefusedException r => (ExitCodes.Refused, $"refused ({r.RuleName}): {r.Message}"),
        ProvenanceReadException r => (ExitCodes.Refused, $"refused (unreadable-input): {r.Name}: {r.Message}"),
        SignerException r => (ExitCodes.Refused, $"refused (signer): {r.Message}"),
        TimeStampException t => (ExitCodes.Io, $"the time stamp could not be had: {t.Message}"),
        IOException or UnauthorizedAccessException => (ExitCodes.Io, $"I/O error: {e.Message}"),
        _ => null,
    };

    /// <summary>The signer the options name: a key (with its chain), or an external signing program.</summary>
    public static IClaimSigner LoadSigner(string? certPath, string? keyPath, string? password, string? command, string? alg)
    {
        CoseAlgorithm? algorithm = alg is null
            ? null
            : KeyAlgorithms.Parse(alg) ?? throw new UsageException($"--alg {alg}: expected {string.Join(", ", KeyAlgorithms.Names)}");
        try
        {
            if (command is not null)
            {
                return keyPath is null ? CommandClaimSigner.Start(command)
                    : throw new UsageException("--signer-cmd and --key are alternatives: give one");
            }

            return keyPath is null
                ? throw new UsageException("--key KEY (with --cert CHAIN.pem), or --signer-cmd CMD, is required")
                : KeyLoader.Load(new KeySource(RequireFile(keyPath, "--key"), certPath is null ? null : RequireFile(certPath, "--cert"),
                    algorithm, password));
        }
        catch (SignerException e)
        {
            throw new UsageException($"{(command is null ? "--key/--cert" : "--signer-cmd")}: {e.Message}");
        }
    }

    private static ManifestDefinition LoadDefinition(string? path)
    {
        if (path is null)
        {
            return new ManifestDefinition();
        }

        if (new FileInfo(RequireFile(path, "--manifest")).Length > ManifestDefinition.MaxBytes)
        {
            throw new UsageException($"--manifest {path}: larger than {ManifestDefinition.MaxBytes} bytes");
        }

        try
        {
            return ManifestDefinition.Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--manifest {path}: {e.Message}");
        }
    }

    private static string RequireFile(string path, string what) =>
        File.Exists(path) ? path : throw new UsageException($"{what} {path}: file not found");
}
