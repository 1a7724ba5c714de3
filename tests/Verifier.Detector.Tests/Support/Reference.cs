namespace Verifier.Detector.Tests.Support;

/// <summary>Plain-loop reference maths the ONNX Runtime outputs are checked against.</summary>
internal static class Reference
{
    public static float[] RandomFloats(Random random, int count, double scale = 1.0)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance = 1e-5)
    {
        Assert.AreEqual(expected.Length, actual.Length, "element count");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.IsLessThanOrEqualTo(tolerance, Math.Abs(expected[i] - actual[i]), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
