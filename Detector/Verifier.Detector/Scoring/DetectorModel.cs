using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Verifier.Detector.Model;

namespace Verifier.Detector.Scoring;

/// <summary>
/// A loaded detector: the ONNX model, its card and its SHA-256, scoring batches of tiles with ONNX Runtime on the CPU, or
/// on a GPU through the CUDA provider (<see cref="ScoringDevice"/>). The net takes one float tensor (the card's layout, batch first) and returns one logit
/// per sample ([batch] or [batch, 1]). Thread-safe for concurrent <see cref="Score"/> calls.
/// </summary>
public sealed class DetectorModel : IDisposable
{
    // Detector nets are a few MB; the cap keeps a wrong path (a video, a disk image) from being read whole.
    private const long MaxModelBytes = 1L << 30;

    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string outputName;
    private readonly long[] sampleShape;

    private DetectorModel(string path, ModelCard card, string sha256, InferenceSession session, ScoringDevice device)
    {
        ModelPath = path;
        Device = device;
        Card = card;
        Sha256 = sha256;
        this.session = session;
        sampleShape = card.InputLayout == ModelCard.LayoutNchw
            ? [card.Channels, card.TileSize, card.TileSize]
            : [card.Channels, card.FramesPerSample, card.TileSize, card.TileSize];
        (inputName, outputName) = CheckSignature(path, session, sampleShape);
    }

    public string ModelPath { get; }

    /// <summary>Where this model scores: <see cref="ScoringDevice.Cpu"/> or <see cref="ScoringDevice.Cuda"/>, never Auto.</summary>
    public ScoringDevice Device { get; }

    public ModelCard Card { get; }

    /// <summary>Lower-case hex SHA-256 of the model file's bytes, exactly those ONNX Runtime loaded.</summary>
    public string Sha256 { get; }

    /// <summary>Loads <paramref name="modelPath"/> and the card beside it (<see cref="ModelCard.PathFor"/>).</summary>
    public static DetectorModel Load(string modelPath, DetectorOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options?.IntraOpThreads ?? 0, nameof(options));
        var card = ModelCard.Load(ModelCard.PathFor(modelPath));
        var bytes = ReadModel(modelPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options?.IntraOpThreads ?? 0,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Idle worker threads sleep instead of spinning: a scan decodes (ffmpeg) while it scores, and spinning threads take
        // the cores the decoder needs.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var device = UseDevice(sessionOptions, options?.Device ?? ScoringDevice.Auto, modelPath);

        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DetectorModelException(modelPath, $"ONNX Runtime cannot load this model: {e.Message}", e);
        }

        try
        {
            return new DetectorModel(modelPath, card, sha256, session, device);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds the CUDA provider when asked (or, for Auto, when this ONNX Runtime build has it and a GPU answers); ONNX Runtime
    /// itself falls back to the CPU for operators CUDA lacks. The CPU package refuses the provider outright.
    /// </summary>
    private static ScoringDevice UseDevice(SessionOptions sessionOptions, ScoringDevice wanted, string modelPath)
    {
        if (wanted == ScoringDevice.Cpu)
        {
            return ScoringDevice.Cpu;
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(0);
            return ScoringDevice.Cuda;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return wanted == ScoringDevice.Auto
                ? ScoringDevice.Cpu
                : throw new DetectorModelException(
                    modelPath,
                    "the CUDA device was asked for, but this ONNX Runtime has no CUDA provider or finds no GPU (it needs the " +
                    $"Microsoft.ML.OnnxRuntime.Gpu build with CUDA 12 and cuDNN 9; use --device cpu or auto): {e.Message}",
                    e);
        }
    }

    /// <summary>
    /// Scores <paramref name="samples"/>: whole samples back to back in the card's layout, already
    /// normalised, <see cref="ModelCard.SampleLength"/> floats each. Returns one score per sample;
    /// a model whose graph fails on the batch gives <see cref="DetectorModelException"/>.
    /// </summary>
    public TileScore[] Score(ReadOnlyMemory<float> samples)
    {
        var sampleLength = Card.SampleLength;
        if (samples.Length == 0 || samples.Length % sampleLength != 0)
        {
            throw new ArgumentException(
                $"{samples.Length} floats are not a whole number of samples of {sampleLength}", nameof(samples));
        }

        var count = samples.Length / sampleLength;
        long[] shape = [count, .. sampleShape];
        // ONNX Runtime only reads its inputs, so lending it the caller's memory without a copy is safe.
        using var input = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(samples), shape);
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(runOptions, [inputName], [input], [outputName]);
        }
        catch (OnnxRuntimeException e)
        {
            // The signature matched the card, so this is the model's own graph failing on a valid batch.
            throw new DetectorModelException(ModelPath, $"ONNX Runtime failed to score {count} samples: {e.Message}", e);
        }

        using var results = outputs;
        var logits = results[0].GetTensorDataAsSpan<float>();
        if (logits.Length != count)
        {
            throw new DetectorModelException(ModelPath, $"the model returned {logits.Length} values for {count} samples; a detector returns one logit per sample");
        }

        var scores = new TileScore[count];
        for (var i = 0; i < count; i++)
        {
            var p = Card.Calibration.ProbabilityOfAi(logits[i]);
            scores[i] = new TileScore(logits[i], p, Card.Thresholds.VerdictFor(p));
        }

        return scores;
    }

    public void Dispose() => session.Dispose();

    private static byte[] ReadModel(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxModelBytes)
            {
                throw new DetectorModelException(path, $"model is {stream.Length} bytes; at most {MaxModelBytes} are loaded");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetectorModelException(path, $"cannot read the model ({e.Message})", e);
        }
    }

    /// <summary>Checks the net's one input and one output against the card; returns their names.</summary>
    private static (string Input, string Output) CheckSignature(string path, InferenceSession session, long[] sampleShape)
    {
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            throw new DetectorModelException(path,
                $"the model has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; a detector has one of each");
        }

        var (inputName, input) = session.InputMetadata.First();
        if (!input.IsTensor || input.ElementType != typeof(float))
        {
            throw new DetectorModelException(path, $"input '{inputName}' is not a float tensor");
        }

        var dims = input.Dimensions;
        var expected = $"[batch, {string.Join(", ", sampleShape)}]";
        if (dims.Length != sampleShape.Length + 1)
        {
            throw new DetectorModelException(path, $"input '{inputName}' has rank {dims.Length}; the card's layout needs {expected}");
        }

        for (var d = 0; d < sampleShape.Length; d++)
        {
            // Negative dimensions are symbolic: the model accepts any size there.
            if (dims[d + 1] >= 0 && dims[d + 1] != sampleShape[d])
            {
                throw new DetectorModelException(path,
                    $"input '{inputName}' has shape [{string.Join(", ", dims)}]; the card says {expected}");
            }
        }

        var (outputName, output) = session.OutputMetadata.First();
        var outDims = output.Dimensions;
        var oneLogitPerSample = output.IsTensor && output.ElementType == typeof(float)
            && (outDims.Length == 1 || (outDims.Length == 2 && outDims[1] is 1 or < 0));
        if (!oneLogitPerSample)
        {
            throw new DetectorModelException(path,
                $"output '{outputName}' is [{string.Join(", ", outDims)}]; a detector returns one float logit per sample ([batch] or [batch, 1])");
        }

        return (inputName, outputName);
    }
}
