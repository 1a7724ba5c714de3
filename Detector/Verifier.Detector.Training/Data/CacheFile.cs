using System.Text;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// The framing the training caches (<see cref="TileCache"/>, the generator's clip cache) share: an 8-byte magic and a
/// version, written through a temporary file and a rename so a run killed mid-write leaves no half cache behind; read
/// with every count checked against what is left of the file before anything is allocated, so a truncated or foreign
/// file is refused with an <see cref="InvalidDataException"/> naming it, never half read.
/// </summary>
public sealed class CacheFile
{
    private readonly Stream _stream;
    private readonly string _kind;

    private CacheFile(string path, string kind, Stream stream)
    {
        (Path, _kind, _stream) = (path, kind, stream);
        Reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    public string Path { get; }

    public BinaryReader Reader { get; }

    /// <summary>Bytes not yet read.</summary>
    public long Remaining => _stream.Length - _stream.Position;

    /// <summary>Writes the header, then <paramref name="body"/>, to a temporary file beside <paramref name="path"/>, then renames it.</summary>
    public static void Write(string path, string magic, int version, Action<BinaryWriter> body)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8))
            {
                writer.Write(Encoding.ASCII.GetBytes(magic));
                writer.Write(version);
                body(writer);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Checks the header (<paramref name="kind"/> names the cache in errors, e.g. "tile cache"), then reads the rest with
    /// <paramref name="body"/>; an end of file or a malformed length anywhere becomes an <see cref="InvalidDataException"/>.
    /// </summary>
    public static T Read<T>(string path, string magic, int version, string kind, Func<CacheFile, T> body)
    {
        var magicBytes = Encoding.ASCII.GetBytes(magic);
        using var stream = File.OpenRead(path);
        var file = new CacheFile(path, kind, stream);
        try
        {
            if (stream.Length < magicBytes.Length + 4 || !file.Reader.ReadBytes(magicBytes.Length).AsSpan().SequenceEqual(magicBytes))
            {
                throw new InvalidDataException($"{path}: not a {kind} (no {magic} header)");
            }

            var found = file.Reader.ReadInt32();
            if (found != version)
            {
                throw new InvalidDataException($"{path}: {kind} version {found}; this build reads version {version}; delete it to cut afresh");
            }

            return body(file);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            // End of stream, or a string length no cache writes: both mean a cut-off or foreign file.
            throw file.Corrupt(e.Message, e);
        }
    }

    /// <summary>A count that cannot exceed what is left of the file at <paramref name="minBytesEach"/> bytes each.</summary>
    public int Count(long minBytesEach)
    {
        var count = Reader.ReadInt32();
        if (count < 0 || (minBytesEach > 0 && count > Remaining / minBytesEach))
        {
            throw Corrupt($"a count of {count} exceeds the file");
        }

        return count;
    }

    /// <summary>The error for a file that is not a whole cache: <paramref name="detail"/> says what does not fit.</summary>
    public InvalidDataException Corrupt(string detail, Exception? inner = null) =>
        new($"{Path}: truncated or corrupt {_kind} ({detail}); delete it to cut afresh", inner);
}
