using System.Buffers.Binary;
using System.Text.Json;

namespace Verifier.Detector.Training.Net.Pretrained;

/// <summary>One weight of a TensorFlow.js model, dequantised: its Keras name ("block_1_expand/kernel"), shape and values.</summary>
public sealed record TfjsWeight(string Name, long[] Shape, float[] Values);

/// <summary>
/// The weights of a TensorFlow.js layers model as tfjs-converter writes it: a folder with <c>model.json</c> (whose
/// <c>weightsManifest</c> lists the weights, in order, per group of shard files) and the shards themselves, the raw
/// little-endian values of a group's weights back to back. Weights quantised to uint8 or uint16 (value = min + scale x q)
/// are dequantised to float. Anything else (a missing or short shard, a dtype not named here, a weight named twice) is
/// an <see cref="InvalidDataException"/> naming the folder.
/// </summary>
public sealed class TfjsWeights
{
    private readonly Dictionary<string, TfjsWeight> weights;

    private TfjsWeights(string folder, Dictionary<string, TfjsWeight> weights)
    {
        Folder = folder;
        this.weights = weights;
    }

    public string Folder { get; }

    public IReadOnlyCollection<string> Names => weights.Keys;

    /// <summary>The weight named <paramref name="name"/>, which must have <paramref name="shape"/>.</summary>
    public TfjsWeight Get(string name, params long[] shape)
    {
        if (!weights.TryGetValue(name, out var weight))
        {
            throw new InvalidDataException($"{Folder}: the model has no weight '{name}'");
        }

        return weight.Shape.SequenceEqual(shape)
            ? weight
            : throw new InvalidDataException($"{Folder}: weight '{name}' is [{string.Join(", ", weight.Shape)}] where [{string.Join(", ", shape)}] is wanted");
    }

    public static TfjsWeights Read(string folder)
    {
        var manifestPath = Path.Combine(folder, "model.json");
        if (!File.Exists(manifestPath))
        {
            throw new InvalidDataException($"{folder}: no model.json (a TensorFlow.js model folder holds model.json and its weight shards)");
        }

        try
        {
            // ReadAllText drops a byte-order mark, which the JSON reader would refuse.
            using var json = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
            foreach (var group in json.RootElement.GetProperty("weightsManifest").EnumerateArray())
            {
                var data = ReadShards(folder, group.GetProperty("paths"));
                var offset = 0;
                foreach (var entry in group.GetProperty("weights").EnumerateArray())
                {
                    var weight = Decode(entry, data, ref offset, folder);
                    if (!weights.TryAdd(weight.Name, weight))
                    {
                        throw new InvalidDataException($"{folder}: weight '{weight.Name}' is listed twice");
                    }
                }

                if (offset != data.Length)
                {
                    throw new InvalidDataException($"{folder}: the shards hold {data.Length - offset} bytes more than the manifest lists");
                }
            }

            return new TfjsWeights(folder, weights);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{manifestPath}: not a TensorFlow.js weights manifest ({e.Message})", e);
        }
    }

    private static byte[] ReadShards(string folder, JsonElement paths)
    {
        using var all = new MemoryStream();
        foreach (var path in paths.EnumerateArray())
        {
            var name = path.GetString() ?? throw new InvalidDataException($"{folder}: a shard path is not a string");
            // Shards are named by the manifest; a name that leaves the folder is refused rather than read.
            if (name != Path.GetFileName(name))
            {
                throw new InvalidDataException($"{folder}: shard path '{name}' is not a plain file name");
            }

            var shard = Path.Combine(folder, name);
            if (!File.Exists(shard))
            {
                throw new InvalidDataException($"{folder}: shard '{name}' is missing");
            }

            using var stream = File.OpenRead(shard);
            stream.CopyTo(all);
        }

        return all.ToArray();
    }

    private static TfjsWeight Decode(JsonElement entry, byte[] data, ref int offset, string folder)
    {
        var name = entry.GetProperty("name").GetString() ?? throw new InvalidDataException($"{folder}: a weight has no name");
        var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var count = shape.Aggregate(1L, (n, d) => d >= 0 ? checked(n * d) : throw new InvalidDataException($"{folder}: weight '{name}' has dimension {d}"));
        var dtype = entry.GetProperty("dtype").GetString();
        if (dtype != "float32")
        {
            throw new InvalidDataException($"{folder}: weight '{name}' has dtype '{dtype}'; only float32 weights are read");
        }

        var (stored, width) = entry.TryGetProperty("quantization", out var q)
            ? (q.GetProperty("dtype").GetString(), q.GetProperty("dtype").GetString() switch
            {
                "uint8" => 1,
                "uint16" => 2,
                var other => throw new InvalidDataException($"{folder}: weight '{name}' is quantised as '{other}'; uint8 and uint16 are read"),
            })
            : ("float32", 4);
        var bytes = checked((int)(count * width));
        if (offset + bytes > data.Length)
        {
            throw new InvalidDataException($"{folder}: the shards end inside weight '{name}'");
        }

        var raw = data.AsSpan(offset, bytes);
        offset += bytes;
        var values = new float[count];
        if (stored == "float32")
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
            }
        }
        else
        {
            var min = q.GetProperty("min").GetSingle();
            var scale = q.GetProperty("scale").GetSingle();
            for (var i = 0; i < values.Length; i++)
            {
                var level = width == 1 ? raw[i] : BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]);
                values[i] = min + scale * level;
            }
        }

        return new TfjsWeight(name, shape, values);
    }
}
