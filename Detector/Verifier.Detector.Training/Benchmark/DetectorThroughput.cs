using System.Diagnostics;
using TorchSharp;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Robustness;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Benchmark;

/// <summary>One engine's detector throughput: tiles scored per second in batches of <see cref="Batch"/>.</summary>
public sealed record DetectorThroughputResult(string Engine, int Batch, double TilesPerSecond)
{
    /// <summary>Frames per second when each frame gives <paramref name="tilesPerFrame"/> tiles.</summary>
    public double FramesPerSecond(int tilesPerFrame) => TilesPerSecond / tilesPerFrame;
}

/// <summary>
/// Times the detector's model alone (no decoding), on seeded random tiles: the ONNX Runtime session the scanner uses, and
/// the TorchSharp twin of the same weights, which is how the model runs on a GPU where ONNX Runtime has no CUDA build
/// (stack.md). One untimed batch first, so kernel selection and allocation are not counted; the GPU is waited for
/// before the clock stops.
/// </summary>
public static class DetectorThroughput
{
    public static DetectorThroughputResult OnnxRuntime(DetectorModel model, int batch, TimeSpan duration)
    {
        var samples = new float[batch * model.Card.SampleLength];
        var random = new Random(1);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)random.NextDouble();
        }

        return Time($"onnxruntime {model.Device.ToString().ToLowerInvariant()} fp32", batch, duration, () => model.Score(samples), wait: () => { });
    }

    public static DetectorThroughputResult Twin(DetectorTwin twin, Device device, ScalarType dtype, int batch, TimeSpan duration)
    {
        twin.Net.to(dtype).to(device);
        var card = twin.Card;
        manual_seed(1);
        using var tiles = rand([batch, card.Channels, card.TileSize, card.TileSize]).to(dtype, device);
        using var noGrad = no_grad();
        var name = $"torchsharp {device.type.ToString().ToLowerInvariant()} {(dtype == ScalarType.BFloat16 ? "bf16" : "fp32")}";
        return Time(name, batch, duration, () => twin.Net.forward(tiles).Dispose(), () =>
        {
            if (device.type == DeviceType.CUDA)
            {
                cuda.synchronize(device);
            }
        });
    }

    private static DetectorThroughputResult Time(string engine, int batch, TimeSpan duration, Action score, Action wait)
    {
        score();
        wait();
        var clock = Stopwatch.StartNew();
        var batches = 0;
        while (clock.Elapsed < duration || batches == 0)
        {
            score();
            batches++;
            // Queue a few batches between waits, as a pipelined scorer would, but never let the clock run ahead of the device.
            if (batches % 8 == 0)
            {
                wait();
            }
        }

        wait();
        return new DetectorThroughputResult(engine, batch, (double)batches * batch / clock.Elapsed.TotalSeconds);
    }
}
