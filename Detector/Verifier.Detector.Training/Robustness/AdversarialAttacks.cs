using static TorchSharp.torch;

namespace Verifier.Detector.Training.Robustness;

/// <summary>
/// White-box L-infinity attacks in pixel space ([0, 1] per value), against any differentiable scalar objective to be
/// raised (a logit times the direction wanted, or a training loss). Both stay inside the eps-ball around the input and
/// inside the pixel range; neither changes the input tensor or any gradient held by a model.
/// </summary>
public static class AdversarialAttacks
{
    /// <summary>FGSM (Goodfellow et al. 2015): one step of <paramref name="epsilon"/> along the sign of the objective's gradient.</summary>
    public static Tensor Fgsm(Func<Tensor, Tensor> objective, Tensor pixels, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        using var scope = NewDisposeScope();
        var start = pixels.detach();
        using var direction = Gradient(objective, start).sign();
        return (start + (direction * epsilon)).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// PGD (Madry et al. 2018) from the input itself (no random start, so it is deterministic): <paramref name="steps"/>
    /// signed-gradient steps of <paramref name="stepSize"/>, each projected back onto the eps-ball and the pixel range.
    /// </summary>
    public static Tensor Pgd(Func<Tensor, Tensor> objective, Tensor pixels, double epsilon, int steps, double stepSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(stepSize);
        using var start = pixels.detach();
        using var lower = (start - epsilon).clamp_min(0);
        using var upper = (start + epsilon).clamp_max(1);
        var x = start.clone();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            using var direction = Gradient(objective, x).sign();
            var next = (x + (direction * stepSize)).maximum(lower).minimum(upper).MoveToOuterDisposeScope();
            x.Dispose();
            x = next;
        }

        return x;
    }

    /// <summary>d objective / d pixels at <paramref name="at"/>, through autograd alone (model parameters' .grad stay as they were).</summary>
    private static Tensor Gradient(Func<Tensor, Tensor> objective, Tensor at)
    {
        using var x = at.detach().requires_grad_(true);
        using var value = objective(x);
        if (value.numel() != 1)
        {
            throw new ArgumentException($"the objective must be a scalar; it gave {value.numel()} values", nameof(objective));
        }

        return autograd.grad([value], [x])[0];
    }
}
