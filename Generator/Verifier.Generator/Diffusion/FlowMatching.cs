using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>
/// Rectified flow: x_t = (1 - t)·x0 + t·x1 from noise x0 (t = 0) to data x1 (t = 1) along a straight line, whose
/// velocity x1 - x0 the transformer learns to predict (mean squared error).
/// </summary>
public static class FlowMatching
{
    public static Tensor Interpolate(Tensor noise, Tensor data, Tensor time)
    {
        using var t = time.reshape(-1, 1, 1, 1, 1).to(data.dtype);
        return (noise * (1 - t)) + (data * t);
    }

    public static Tensor Loss(DiffusionTransformer transformer, Tensor data, Tensor noise, Tensor time, Tensor labels, Tensor condition)
    {
        using var scope = NewDisposeScope();
        var predicted = transformer.forward(Interpolate(noise, data, time), time, labels, condition);
        return Loss(predicted, data, noise).MoveToOuterDisposeScope();
    }

    /// <summary>The loss of an already predicted velocity.</summary>
    public static Tensor Loss(Tensor predicted, Tensor data, Tensor noise)
    {
        using var target = data - noise;
        return nn.functional.mse_loss(predicted.to(ScalarType.Float32), target.to(ScalarType.Float32));
    }
}
