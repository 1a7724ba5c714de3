using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using Spectre.Console;
using Verifier.Cli.Inputs;
using Verifier.Cli.Output;
using Verifier.Provenance;
using Verifier.Provenance.Validation;
using ValidationResult = Verifier.Provenance.Validation.ValidationResult;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier verify FILE... [--trust PEM] [--tsa-trust PEM] [--allowed PEM] [--external-manifest F] [--fragments GLOB] [--json | --crjson]</c>.</summary>
public static class VerifyCommand
{
    private enum Format
    {
        Human,
        Json,
        CrJson,
    }

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Files to verify; a directory is walked for media files",
        };
        var trust = new TrustOptions();
        var external = new Option<string?>("--external-manifest")
        {
            Description = "A sidecar .c2pa manifest store to validate the file against",
            HelpName = "F.c2pa",
        };
        var fragments = new Option<string?>("--fragments") { Description = "Fragment files (fMP4 segments) for an init segment", HelpName = "GLOB" };
        var json = new Option<bool>("--json") { Description = "One JSON object per file per line" };
        var crJson = new Option<bool>("--crjson") { Description = "crJSON (c2pa-rs's JSON shape), one object per file per line" };

        var command = new Command("verify", "Validate the Content Credentials (C2PA) of files") { files, external, fragments, json, crJson };
        trust.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(crJson))
            {
                result.AddError("--json and --crjson cannot be used together");
            }
        });
        command.Validators.Add(result => RejectOptionLikeFiles(result, files));
        command.SetAction(parse =>
        {
            var options = new VerifyOptions
            {
                Trust = trust.Settings(parse),
                ExternalManifestPath = ExistingFile(parse.GetValue(external), "--external-manifest"),
                FragmentPaths = parse.GetValue(fragments) is { } glob ? Fragments(glob) : [],
            };
            var format = parse.GetValue(json) ? Format.Json : parse.GetValue(crJson) ? Format.CrJson : Format.Human;
            return Run(context, parse.GetRequiredValue(files), options, format);
        });
        return command;
    }

    // The FILE argument takes any token, so an unknown option would otherwise be reported as a missing file.
    internal static void RejectOptionLikeFiles(CommandResult result, Argument<string[]> files)
    {
        var unknown = result.GetValue(files)?.FirstOrDefault(f => f.Length > 1 && f[0] == '-');
        if (unknown is not null)
        {
            result.AddError($"unknown option {unknown} (to verify a file whose name starts with '-', write ./{unknown})");
        }
    }

    private static string? ExistingFile(string? path, string option) =>
        path is null || File.Exists(path) ? path : throw new UsageException($"{option} {path}: file not found");

    /// <summary>The files <c>--fragments GLOB</c> names (ordinal order); none is a usage error. Shared with <c>sign</c>.</summary>
    internal static IReadOnlyList<string> Fragments(string glob)
    {
        var paths = FragmentGlob.Expand(glob);
        return paths.Count > 0 ? paths : throw new UsageException($"--fragments {glob}: no file matches");
    }

    private static int Run(CliContext context, IReadOnlyList<string> arguments, VerifyOptions options, Format format)
    {
        var paths = MediaFiles.Expand(arguments);
        if (paths.Count == 0)
        {
            throw new UsageException($"no media files in {string.Join(", ", arguments)}");
        }

        var results = new List<ValidationResult>();
        var codes = new List<int>();
        foreach (var path in paths)
        {
            ValidationResult result;
            try
            {
                result = FileVerification.Run(context, path, options);
            }
            catch (Exception e) when (e is not UsageException)
            {
                // A bug in validation: say which file, keep going with the others, and exit 70 at the end.
                context.Error.WriteLine($"verifier: internal error while verifying {path}: {CliApp.Describe(e)}");
                codes.Add(ExitCodes.Internal);
                continue;
            }

            results.Add(result);
            codes.Add(ExitCodes.For(result.State));
            Write(context, result, format);
        }

        if (format == Format.Human && paths.Count > 1 && results.Count > 0)
        {
            context.Output.WriteLine();
            context.Console.Write(SummaryTable.Build(results));
        }

        if (format == Format.Human && options.Trust.Anchors.Count == 0 && options.Trust.Allowed.Count == 0
            && results.Any(r => r.State == ValidationState.Valid))
        {
            context.Error.WriteLine("verifier: no --trust anchors or --allowed certificates were given, so no file can be Trusted.");
        }

        return ExitCodes.Combine(codes);
    }

    private static void Write(CliContext context, ValidationResult result, Format format)
    {
        switch (format)
        {
            case Format.Json:
                context.Output.WriteLine(JsonReport.Line(result));
                break;
            case Format.CrJson:
                context.Output.WriteLine(CrJsonReport.Line(result, Version));
                break;
            default:
                context.Output.WriteLine($"{Printable.Clean(result.File)}: {HumanReport.Sentence(result)}");
                foreach (var line in HumanReport.FailureLines(result))
                {
                    context.Output.WriteLine("  " + line);
                }

                break;
        }
    }

    private static string Version =>
        typeof(VerifyCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
