using Verifier.Provenance;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Commands;

/// <summary>Validates one path for a command: a missing file and reader-level errors become an Unreadable result.</summary>
public static class FileVerification
{
    public static ValidationResult Run(CliContext context, string path, VerifyOptions options)
    {
        if (!File.Exists(path))
        {
            return Unreadable(path, ReadError.Io, Directory.Exists(path) ? $"{path} is a directory" : $"file not found: {path}");
        }

        try
        {
            return context.Validate(path, options);
        }
        catch (ProvenanceReadException e)
        {
            return Unreadable(path, e.Error, $"{e.Name}: {e.Message}");
        }
        catch (IOException e)
        {
            return Unreadable(path, ReadError.Io, $"cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Unreadable(path, ReadError.Io, $"cannot read {path}: {e.Message}");
        }
    }

    private static ValidationResult Unreadable(string path, ReadError kind, string error) =>
        new() { File = path, State = ValidationState.Unreadable, ErrorKind = kind, Error = error };
}
