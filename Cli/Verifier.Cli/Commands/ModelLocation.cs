namespace Verifier.Cli.Commands;

/// <summary>
/// Which detector model <c>scan</c> uses: <c>--model</c>, else <c>$VERIFIER_MODEL</c>, else <c>models/detector.onnx</c>
/// beside the executable (docs/architecture.md). Nothing found is a usage error that says where it looked and how to get one.
/// </summary>
public static class ModelLocation
{
    public const string EnvironmentVariable = "VERIFIER_MODEL";

    /// <summary>The shipped default, relative to the executable's folder.</summary>
    public static readonly string DefaultRelative = Path.Combine("models", "detector.onnx");

    public static string Find(string? option, string? environment, string baseDirectory)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return File.Exists(option) ? option : throw new UsageException($"--model {option}: no such file");
        }

        if (!string.IsNullOrEmpty(environment))
        {
            return File.Exists(environment) ? environment : throw new UsageException($"${EnvironmentVariable}={environment}: no such file");
        }

        var shipped = Path.Combine(baseDirectory, DefaultRelative);
        return File.Exists(shipped)
            ? shipped
            : throw new UsageException(
                $"no detector model: --model was not given, ${EnvironmentVariable} is not set, and there is no {shipped}. "
                + "Train one with 'verifier train detector' (it writes detector.onnx and its card detector.json) "
                + "and pass it with --model M.onnx, set $VERIFIER_MODEL, or copy both files to that folder.");
    }
}
