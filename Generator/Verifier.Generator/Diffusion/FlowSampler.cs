using static TorchSharp.torch;

namespace Verifier.Generator.Diffusion;

/// <summary>Integrates dx/dt = v(x, t) from <c>startTime</c> (0: pure noise) to 1 (data) with Euler or Heun steps.</summary>
public static class FlowSampler
{
    public static Tensor Sample(DiffusionTransformer transformer, Tensor start, double startTime, Tensor condition, SamplingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Steps);
        if (startTime is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(startTime), startTime, "the start time must be in [0, 1)");
        }

        if (options.Label is { } label && (label < 0 || label >= transformer.NullLabel))
        {
            throw new ArgumentOutOfRangeException(nameof(options), label, $"the model knows labels 0..{transformer.NullLabel - 1}");
        }

        using var noGrad = no_grad();
        var x = start.alias();
        var dt = (1 - startTime) / options.Steps;
        for (var i = 0; i < options.Steps; i++)
        {
            using var scope = NewDisposeScope();
            var t = startTime + (i * dt);
            var v1 = Velocity(transformer, x, t, condition, options);
            var next = options.Sampler == SamplerKind.Euler
                ? x + (v1 * dt)
                : x + ((v1 + Velocity(transformer, x + (v1 * dt), t + dt, condition, options)) * (dt / 2));
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }

        return x;
    }

    /// <summary>The velocity; with guidance, v_null + s·(v_label - v_null) from one batch holding both branches.</summary>
    private static Tensor Velocity(DiffusionTransformer transformer, Tensor x, double t, Tensor condition, SamplingOptions options)
    {
        var batch = x.shape[0];
        var time = full(batch, t, x.dtype, x.device);
        var label = options.Label ?? transformer.NullLabel;
        if (options.Label is null || options.GuidanceScale == 1.0)
        {
            return transformer.forward(x, time, full(batch, label, ScalarType.Int64, x.device), condition);
        }

        var labels = cat([full(batch, label, ScalarType.Int64, x.device), full(batch, transformer.NullLabel, ScalarType.Int64, x.device)]);
        var both = transformer.forward(cat([x, x]), cat([time, time]), labels, cat([condition, condition])).chunk(2);
        return both[1] + ((both[0] - both[1]) * options.GuidanceScale);
    }
}
