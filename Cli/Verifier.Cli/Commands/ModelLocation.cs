using Verifier.Generator;

namespace Verifier.Cli.Commands;

/// <summary>
/// Which shipped model a command uses: the option, else its environment variable, else the default under <c>models/</c>
/// beside the executable (docs/architecture.md). The detector is a file (<c>detector.onnx</c>), the generator a folder
/// (<c>gen/</c> with <c>generator.json</c> + <c>generator.bin</c>). Nothing found is a usage error that says where it looked
/// and how to get one.
/// </summary>
public static class ModelLocation
{
    public const string EnvironmentVariable = "VERIFIER_MODEL";

    public const string GeneratorEnvironmentVariable = "VERIFIER_GENERATOR";

    /// <summary>The shipped detector, relative to the executable's folder.</summary>
    public static readonly string DefaultRelative = Path.Combine("models", "detector.onnx");

    /// <summary>The shipped generator's folder, relative to the executable's folder.</summary>
    public static readonly string GeneratorDefaultRelative = Path.Combine("models", "gen");

    public static string Find(string? option, string? environment, string baseDirectory) =>
        Locate(option, "--model", environment, EnvironmentVariable, Path.Combine(baseDirectory, DefaultRelative), File.Exists, "no such file",
            "no detector model", "Train one with 'verifier train detector' (it writes detector.onnx and its card detector.json) "
            + "and pass it with --model M.onnx, set $VERIFIER_MODEL, or copy both files to that folder.");

    /// <summary>The generator's model folder (its <c>generator.json</c> names it as trained weights).</summary>
    public static string FindGenerator(string? option, string optionName, string? environment, string baseDirectory) =>
        Locate(option, optionName, environment, GeneratorEnvironmentVariable, Path.Combine(baseDirectory, GeneratorDefaultRelative),
            folder => File.Exists(Path.Combine(folder, GeneratorCard.FileName)), $"no {GeneratorCard.FileName} there",
            "no generator weights", $"Train them with 'verifier train generator --out DIR' "
            + $"and pass {optionName} DIR, set ${GeneratorEnvironmentVariable}, or copy DIR's generator.json and generator.bin to that folder.");

    private static string Locate(
        string? option, string optionName, string? environment, string variable, string shipped, Func<string, bool> exists, string notThere, string missing,
        string advice)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return exists(option) ? option : throw new UsageException($"{optionName} {option}: {notThere}");
        }

        if (!string.IsNullOrEmpty(environment))
        {
            return exists(environment) ? environment : throw new UsageException($"${variable}={environment}: {notThere}");
        }

        return exists(shipped)
            ? shipped
            : throw new UsageException($"{missing}: {optionName} was not given, ${variable} is not set, and there is no {shipped}. {advice}");
    }
}
