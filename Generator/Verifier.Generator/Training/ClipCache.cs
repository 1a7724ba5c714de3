using System.Text.Json;
using Verifier.Detector.Training.Data;
using Verifier.Media;

namespace Verifier.Generator.Training;

/// <summary>
/// A cut <see cref="ClipSet"/> on disk, so a run on a machine without ffmpeg or the corpus (the GPU machine) trains from
/// it: the <see cref="CacheFile"/> header, the <see cref="ClipCutSettings"/> as JSON, the skipped files, then each clip as
/// its label (-1: none) and its frames, each a time and packed RGB. A file that is truncated, foreign, or cut with other
/// settings is refused with an <see cref="InvalidDataException"/> naming it and the problem.
/// </summary>
public static class ClipCache
{
    public const int Version = 1;

    private const string Magic = "VRFCLIPS";

    private const string Kind = "clip cache";

    public static void Write(string path, ClipSet set, IReadOnlyList<string> skipped, ClipCutSettings settings)
    {
        if (set.Count == 0)
        {
            throw new ArgumentException("no clips to write", nameof(set));
        }

        for (var c = 0; c < set.Count; c++)
        {
            if (set.Clips[c].Count != settings.Frames || set.Clips[c].Any(f => f.Width != settings.Size || f.Height != settings.Size))
            {
                throw new ArgumentException($"clip {c} is not {settings.Frames} frames at {settings.Size}x{settings.Size}", nameof(set));
            }
        }

        CacheFile.Write(path, Magic, Version, writer =>
        {
            writer.Write(JsonSerializer.Serialize(settings));
            writer.Write(skipped.Count);
            foreach (var file in skipped)
            {
                writer.Write(file);
            }

            writer.Write(set.Count);
            for (var c = 0; c < set.Count; c++)
            {
                writer.Write(set.Labels[c] ?? -1);
                foreach (var frame in set.Clips[c])
                {
                    writer.Write(frame.TimeSeconds);
                    writer.Write(frame.Rgb);
                }
            }
        });
    }

    /// <summary>The clips and the files skipped when they were cut, if they were cut with settings that serve <paramref name="expected"/>.</summary>
    public static (ClipSet Clips, IReadOnlyList<string> Skipped) Read(string path, ClipCutSettings expected) =>
        CacheFile.Read(path, Magic, Version, Kind, file =>
        {
            var reader = file.Reader;
            var settings = ParseSettings(file, reader.ReadString());
            if (settings.Frames < 1 || settings.Size < 1 || settings.Size > Frame.MaxSide || settings.Classes < 0)
            {
                throw file.Corrupt($"a clip shape of {settings.Frames} frames at {settings.Size}x{settings.Size} for {settings.Classes} classes");
            }

            var skipped = new string[file.Count(1)];
            for (var i = 0; i < skipped.Length; i++)
            {
                skipped[i] = reader.ReadString();
            }

            var frameBytes = Frame.ByteCount(settings.Size, settings.Size);
            var clipBytes = 4L + (settings.Frames * (8L + frameBytes));
            var count = reader.ReadInt32();
            if (count < 1 || count > file.Remaining / clipBytes || file.Remaining != count * clipBytes)
            {
                throw file.Corrupt($"{count} clips of {clipBytes} bytes need {(count < 1 ? "at least one" : count * clipBytes)} bytes, {file.Remaining} remain");
            }

            if (expected.MismatchWith(settings) is { } mismatch)
            {
                throw new InvalidDataException($"{path}: cut with other settings: {mismatch}; delete it to cut afresh, or pass another --clips");
            }

            var clips = new IReadOnlyList<Frame>[count];
            var labels = new int?[count];
            for (var c = 0; c < count; c++)
            {
                var label = reader.ReadInt32();
                labels[c] = label >= 0 && label < settings.Classes ? label
                    : label == -1 ? null
                    : throw file.Corrupt($"clip {c} has label {label} of {settings.Classes} classes");
                var frames = new Frame[settings.Frames];
                for (var f = 0; f < frames.Length; f++)
                {
                    var time = reader.ReadDouble();
                    frames[f] = new Frame(settings.Size, settings.Size, reader.ReadBytes(frameBytes), time);
                }

                clips[c] = frames;
            }

            return (new ClipSet(clips, labels), (IReadOnlyList<string>)skipped);
        });

    private static ClipCutSettings ParseSettings(CacheFile file, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ClipCutSettings>(json) ?? throw file.Corrupt("no settings");
        }
        catch (JsonException e)
        {
            throw file.Corrupt($"unreadable settings: {e.Message}", e);
        }
    }
}
