namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// A plain L2-regularised logistic regression: features standardised with the training set's mean and spread, weights
/// fitted by full-batch gradient descent on the mean log-loss (convex, so the start does not matter).
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[] mean;
    private readonly double[] scale;
    private readonly double[] weights;

    private LogisticRegression(double[] mean, double[] scale, double[] weights, double bias)
    {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        Bias = bias;
    }

    /// <summary>The weights on standardised features, in feature order.</summary>
    public IReadOnlyList<double> Weights => weights;

    public double Bias { get; }

    public static LogisticRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> labels, double l2 = 1e-3, int iterations = 3000, double learningRate = 0.5)
    {
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException($"{features.Count} feature rows for {labels.Count} labels", nameof(labels));
        }

        var d = features[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = features.Average(row => row[j]);
            var sd = Math.Sqrt(features.Average(row => (row[j] - mean[j]) * (row[j] - mean[j])));
            // A constant feature carries nothing; a unit scale keeps it at 0 instead of dividing by 0.
            scale[j] = sd > 1e-12 ? sd : 1;
        }

        var x = features.Select(row => Standardise(row, mean, scale)).ToArray();
        var w = new double[d];
        var b = 0.0;
        var gradient = new double[d];
        for (var step = 0; step < iterations; step++)
        {
            Array.Clear(gradient);
            var gradientBias = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                var error = Sigmoid(Dot(w, x[i]) + b) - (labels[i] ? 1 : 0);
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += error * x[i][j];
                }

                gradientBias += error;
            }

            for (var j = 0; j < d; j++)
            {
                w[j] -= learningRate * ((gradient[j] / x.Length) + (l2 * w[j]));
            }

            b -= learningRate * gradientBias / x.Length;
        }

        return new LogisticRegression(mean, scale, w, b);
    }

    /// <summary>p(label = true) for one feature row.</summary>
    public double Probability(double[] features) => Sigmoid(Dot(weights, Standardise(features, mean, scale)) + Bias);

    private static double[] Standardise(double[] row, double[] mean, double[] scale) =>
        [.. row.Select((value, j) => (value - mean[j]) / scale[j])];

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
