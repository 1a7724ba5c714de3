using Verifier.Detector.Onnx;

namespace Verifier.Detector.Tests.Support;

/// <summary>Detector-shaped models built with the writer: per-channel means into one linear logit.</summary>
internal static class TinyModels
{
    /// <summary>[N, 3, tile, tile] -> global average pool -> logit = w . means + b, as [N, 1].</summary>
    public static byte[] MeanColourLogit(int tileSize, float[] weights, float bias, int logitsPerSample = 1)
    {
        var g = new OnnxGraphBuilder("mean-colour");
        var x = g.AddInput("tiles", OnnxGraphBuilder.Dynamic, 3, tileSize, tileSize);
        var means = g.Flatten(g.GlobalAveragePool(x));
        var logit = g.Gemm(means, g.AddInitializer("w", weights, logitsPerSample, 3), g.AddInitializer("b", Enumerable.Repeat(bias, logitsPerSample).ToArray(), logitsPerSample), transB: true);
        g.AddOutput("logit", logit, OnnxGraphBuilder.Dynamic, logitsPerSample);
        return g.ToBytes();
    }

    /// <summary>[N, 3, frames, tile, tile] -> mean over frames and pixels -> linear logit, as [N, 1].</summary>
    public static byte[] ClipMeanColourLogit(int frames, int tileSize, float[] weights, float bias)
    {
        var g = new OnnxGraphBuilder("clip-mean-colour");
        var x = g.AddInput("clips", OnnxGraphBuilder.Dynamic, 3, frames, tileSize, tileSize);
        var means = g.ReduceMean(x, [2, 3, 4], keepDims: false);
        var logit = g.Gemm(means, g.AddInitializer("w", weights, 1, 3), g.AddInitializer("b", [bias], 1), transB: true);
        g.AddOutput("logit", logit, OnnxGraphBuilder.Dynamic, 1);
        return g.ToBytes();
    }

    /// <summary>
    /// A model whose signature fits an NCHW card but whose graph regroups each batch into rows of
    /// <paramref name="rowLength"/> values and returns one mean per row: one logit per sample only when a
    /// sample is exactly one row, a run-time failure when the batch does not divide into rows.
    /// </summary>
    public static byte[] RowMeans(int tileSize, long rowLength)
    {
        var g = new OnnxGraphBuilder("row-means");
        var x = g.AddInput("tiles", OnnxGraphBuilder.Dynamic, 3, tileSize, tileSize);
        var rows = g.Reshape(x, -1, rowLength);
        g.AddOutput("logit", g.ReduceMean(rows, [1]), OnnxGraphBuilder.Dynamic, 1);
        return g.ToBytes();
    }

    /// <summary>Writes <paramref name="model"/> as NAME.onnx with <paramref name="card"/> as NAME.json; returns the .onnx path.</summary>
    public static string WriteWithCard(TempFolder folder, string name, byte[] model, System.Text.Json.Nodes.JsonObject card)
    {
        var path = folder.File(name + ".onnx");
        File.WriteAllBytes(path, model);
        CardJson.Write(card, folder.File(name + ".json"));
        return path;
    }
}
