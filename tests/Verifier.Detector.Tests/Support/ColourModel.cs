using Verifier.Detector.Scoring;

namespace Verifier.Detector.Tests.Support;

/// <summary>
/// The mean-colour detector the scan tests use, and the plain maths that predicts its scores from known pixel colours:
/// logit = sum over channels of w_c * ((mean byte_c / 255 - mean_c) / std_c) + bias, p = sigmoid(logit / temperature).
/// </summary>
internal static class ColourModel
{
    public const double Temperature = 2.0;
    public const double RealAtMost = 0.3;
    public const double AiAtLeast = 0.7;

    public static readonly double[] Weights = [1.0, -0.5, 0.5];
    public const double Bias = 0.2;

    // CardJson.Valid's normalisation.
    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];

    public static DetectorModel Load(TempFolder folder, int tileSize, int framesPerSample = 1)
    {
        var card = CardJson.Valid(tileSize, Temperature, RealAtMost, AiAtLeast);
        var weights = Weights.Select(w => (float)w).ToArray();
        byte[] model;
        if (framesPerSample == 1)
        {
            model = TinyModels.MeanColourLogit(tileSize, weights, (float)Bias);
        }
        else
        {
            card["inputLayout"] = "NCTHW";
            card["framesPerSample"] = framesPerSample;
            model = TinyModels.ClipMeanColourLogit(framesPerSample, tileSize, weights, (float)Bias);
        }

        return DetectorModel.Load(TinyModels.WriteWithCard(folder, "colour", model, card));
    }

    /// <summary>The logit of a tile whose mean colour is <paramref name="rgb"/> (bytes 0..255, fractional for mixtures).</summary>
    public static double Logit(double[] rgb)
    {
        var logit = Bias;
        for (var c = 0; c < 3; c++)
        {
            logit += Weights[c] * ((rgb[c] / 255.0) - Mean[c]) / Std[c];
        }

        return logit;
    }

    /// <summary>The logit of the tile at (x, y, size x size) of a picture whose pixel colours <paramref name="colourAt"/> gives.</summary>
    public static double TileLogit(Func<int, int, double[]> colourAt, int x, int y, int size)
    {
        var sum = new double[3];
        for (var row = y; row < y + size; row++)
        {
            for (var column = x; column < x + size; column++)
            {
                var rgb = colourAt(column, row);
                for (var c = 0; c < 3; c++)
                {
                    sum[c] += rgb[c];
                }
            }
        }

        return Logit([.. sum.Select(s => s / (size * size))]);
    }

    public static double Probability(double logit) => Reference.Sigmoid(logit / Temperature);

    public static string Verdict(double probability) =>
        probability >= AiAtLeast ? "ai" : probability <= RealAtMost ? "real" : "inconclusive";

    public static readonly double[] Red = [255, 0, 0];
    public static readonly double[] Green = [0, 255, 0];
    public static readonly double[] Blue = [0, 0, 255];
}
