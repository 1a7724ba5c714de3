using Microsoft.ML.OnnxRuntime;

namespace Verifier.Detector.Tests.Support;

/// <summary>Runs a one-input, one-output session on a float tensor and returns the output's values.</summary>
internal static class OnnxRun
{
    public static float[] Floats(InferenceSession session, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
