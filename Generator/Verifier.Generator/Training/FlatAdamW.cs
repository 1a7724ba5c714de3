using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>
/// AdamW (decoupled weight decay, bias-corrected moments: the update of <c>torch.optim.AdamW</c>) over one flat buffer.
/// The parameters are moved into views of a single tensor and their gradients into views of another, so a step is
/// seven whole-buffer kernels however many tensors the model has. TorchSharp's AdamW runs those kernels per tensor,
/// each a native call and a launch: on the GPU a transformer's ~200 small tensors made its step several times slower
/// than PyTorch's multi-tensor (foreach) AdamW. Parameters below fp32 (bf16 on the GPU) are stepped through an fp32
/// master copy with fp32 moments: added straight to bf16 weights, steps of lr 3e-4 fall below half a unit in the last
/// place of most weights and vanish. All parameters must share one dtype and device. Move the model and load its weights
/// first, and neither move nor load it while this optimiser lives: on CUDA, TorchSharp's <c>Module.load</c> left the
/// parameters apart from the buffer (a transformer so trained on the GPU never moved its loss in 3,000 steps).
/// </summary>
public sealed class FlatAdamW : IDisposable
{
    private const string Magic = "VFADAMW2";

    private readonly double learningRate;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly double weightDecay;
    private readonly Tensor values;
    private readonly Tensor gradients;
    private readonly Tensor firstMoment;
    private readonly Tensor secondMoment;
    private readonly Tensor? master;
    private readonly List<Tensor> views = [];

    public FlatAdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0.01,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        (this.learningRate, this.weightDecay, this.beta1, this.beta2, this.epsilon) = (learningRate, weightDecay, beta1, beta2, epsilon);
        var trained = parameters.Where(p => p.requires_grad).ToArray();
        if (trained.Length == 0)
        {
            throw new ArgumentException("no parameter requires a gradient", nameof(parameters));
        }

        var (dtype, device) = (trained[0].dtype, trained[0].device);
        if (trained.Any(p => p.dtype != dtype || p.device_type != device.type || p.device_index != device.index))
        {
            throw new ArgumentException($"all parameters must share one dtype and device (the first is {dtype} on {device})", nameof(parameters));
        }

        Count = trained.Sum(p => p.numel());
        values = empty(Count, dtype, device);
        gradients = zeros(Count, dtype, device);
        var stateType = dtype is ScalarType.BFloat16 or ScalarType.Float16 ? ScalarType.Float32 : dtype;
        firstMoment = zeros(Count, stateType, device);
        secondMoment = zeros(Count, stateType, device);
        if (stateType != dtype)
        {
            master = empty(Count, stateType, device);
        }

        using var noGrad = no_grad();
        long offset = 0;
        foreach (var parameter in trained)
        {
            var size = parameter.numel();
            var value = values.narrow(0, offset, size).view(parameter.shape);
            value.copy_(parameter);
            parameter.set_(value);
            // A defined gradient is accumulated into in place, so backward writes straight into the flat buffer.
            var gradient = gradients.narrow(0, offset, size).view(parameter.shape);
            parameter.grad = gradient;
            views.Add(value);
            views.Add(gradient);
            offset += size;
        }

        master?.copy_(values);
    }

    /// <summary>Elements optimised.</summary>
    public long Count { get; }

    /// <summary>Steps taken, restored ones included (the bias correction's step count).</summary>
    public long Steps { get; private set; }

    public void ZeroGrad()
    {
        using var noGrad = no_grad();
        gradients.zero_();
    }

    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Steps++;
        var correction1 = 1 - Math.Pow(beta1, Steps);
        var correction2 = 1 - Math.Pow(beta2, Steps);
        var weights = master ?? values;
        var gradient = master is null ? gradients : gradients.to(master.dtype);
        weights.mul_(1 - (learningRate * weightDecay));
        firstMoment.lerp_(gradient, 1 - beta1);
        secondMoment.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);

        // m / (sqrt(v / c2) + eps) written as sqrt(c2) m / (sqrt(v) + eps sqrt(c2)): one pass over the buffer fewer.
        var root = Math.Sqrt(correction2);
        var denominator = secondMoment.sqrt().add_(epsilon * root);
        weights.addcdiv_(firstMoment, denominator, value: -learningRate * root / correction1);
        if (master is not null)
        {
            values.copy_(master);
        }
    }

    /// <summary>Writes the step count, both moments and the fp32 master weights if any (the parameters are saved with the model).</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(Count);
        writer.Write(Steps);
        firstMoment.Save(writer);
        secondMoment.Save(writer);
        writer.Write(master is not null);
        if (master is not null)
        {
            master.Save(writer);
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote for an optimiser over the same parameters.</summary>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        string magic;
        long count;
        try
        {
            magic = reader.ReadString();
            count = reader.ReadInt64();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"{path}: not an optimiser state written by this version ({e.Message})", e);
        }

        if (magic != Magic || count != Count)
        {
            throw new InvalidDataException($"{path}: not a flat AdamW state for these {Count:N0} parameters (found '{magic}', {count:N0})");
        }

        var steps = reader.ReadInt64();
        using var noGrad = no_grad();
        firstMoment.Load(reader);
        secondMoment.Load(reader);
        if (reader.ReadBoolean() != (master is not null))
        {
            throw new InvalidDataException($"{path}: saved for parameters of another precision (fp32 master weights {(master is null ? "present" : "missing")})");
        }

        if (master is not null)
        {
            master.Load(reader);
        }

        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var view in views)
        {
            view.Dispose();
        }

        values.Dispose();
        gradients.Dispose();
        firstMoment.Dispose();
        secondMoment.Dispose();
        master?.Dispose();
    }
}
