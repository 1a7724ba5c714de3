using Verifier.Provenance.Certificates;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Store;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance;

/// <summary>Options for validating a file.</summary>
public sealed class VerifyOptions
{
    public TrustSettings Trust { get; init; } = TrustSettings.None;

    /// <summary>A sidecar or external <c>.c2pa</c> store to validate the asset against.</summary>
    public string? ExternalManifestPath { get; init; }

    /// <summary>Fragment files (fMP4 <c>.m4s</c>) validated with an init segment.</summary>
    public IReadOnlyList<string> FragmentPaths { get; init; } = [];
}

/// <summary>The door for reading and validating C2PA provenance (the counterpart of c2pa-rs's <c>Reader</c>).</summary>
public static class Reader
{
    /// <summary>Larger external stores than this are refused as hostile.</summary>
    public const long MaxExternalStore = 64L * 1024 * 1024;

    /// <summary>
    /// Validates the file at <paramref name="path"/>. Bad input never throws: it becomes the result's state
    /// (<see cref="ValidationState.NoManifest"/>, <see cref="ValidationState.Unreadable"/> with the reason, or
    /// <see cref="ValidationState.Invalid"/> with status codes).
    /// </summary>
    public static ValidationResult Validate(string path, VerifyOptions? options = null)
    {
        try
        {
            using var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Validate(asset, path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IoFailure(path, null, e);
        }
    }

    /// <summary>
    /// Validates an asset already in a readable, seekable stream (an upload held in memory, a test's edited copy);
    /// <paramref name="path"/> names it in the result and locates a <c>.c2pa</c> sidecar beside it, if any.
    /// </summary>
    public static ValidationResult Validate(Stream asset, string path, VerifyOptions? options = null)
    {
        options ??= new VerifyOptions();
        string? mediaType = null;
        try
        {
            var handler = AssetHandlers.Detect(asset);
            mediaType = handler?.MediaType(asset);
            var located = handler?.Locate(asset) ?? new LocatedManifest();
            var storeBytes = options.ExternalManifestPath is { } external ? ReadExternal(external) : located.Store ?? Sidecar(path);
            if (storeBytes is null)
            {
                if (handler is null)
                {
                    throw new ProvenanceReadException(ReadError.UnsupportedType, "the file is not a format Verifier reads (JPEG, PNG, WebP, ISO BMFF, .c2pa)");
                }

                if (located.RemoteUrl is { } url)
                {
                    throw new ProvenanceReadException(ReadError.RemoteManifestFetch,
                        $"the manifest is stored remotely at {url} and was not fetched (pass it with --external-manifest)");
                }

                throw new ProvenanceReadException(ReadError.JumbfNotFound, "no C2PA manifest store in the file");
            }

            var session = new ValidationSession
            {
                Store = ManifestStore.Parse(storeBytes.Value),
                Asset = asset,
                Handler = handler,
                Located = located,
                Options = options,
            };
            StoreValidator.Validate(session);
            return ResultBuilder.Build(path, mediaType, session);
        }
        catch (ProvenanceReadException e)
        {
            return new ValidationResult
            {
                File = path,
                MediaType = mediaType,
                State = e.Error == ReadError.JumbfNotFound ? ValidationState.NoManifest : ValidationState.Unreadable,
                ErrorKind = e.Error,
                Error = $"{e.Name}: {e.Message}",
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IoFailure(path, mediaType, e);
        }
    }

    private static ValidationResult IoFailure(string path, string? mediaType, Exception e) => new()
    {
        File = path,
        MediaType = mediaType,
        State = ValidationState.Unreadable,
        ErrorKind = ReadError.Io,
        Error = $"Io: {e.Message}",
    };

    /// <summary>As c2pa-rs does, an asset without an embedded store is read with <c>NAME.c2pa</c> beside it, if there is one.</summary>
    private static ReadOnlyMemory<byte>? Sidecar(string assetPath)
    {
        var sidecar = Path.ChangeExtension(assetPath, ".c2pa");
        if (sidecar == assetPath || !File.Exists(sidecar))
        {
            return null;
        }

        return ReadExternal(sidecar);
    }

    private static ReadOnlyMemory<byte> ReadExternal(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxExternalStore)
        {
            throw new ProvenanceReadException(ReadError.JumbfParseError, $"external manifest {path} is {length} bytes, over the {MaxExternalStore}-byte limit");
        }

        return File.ReadAllBytes(path);
    }
}
