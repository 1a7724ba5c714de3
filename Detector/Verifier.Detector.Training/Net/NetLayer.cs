using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// One piece of the detector net, defined once: a TorchSharp module for training, and the ONNX nodes that compute
/// the same function (in eval mode) for scanning, and the way back from those nodes' weights (the twin of a shipped model).
/// Every layer takes and returns one tensor.
/// </summary>
public abstract class NetLayer(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>Appends this layer's nodes reading <paramref name="input"/>; returns the name of its output value.</summary>
    internal abstract string Export(OnnxExport export, string input);

    /// <summary>Takes this layer's weights back from an exported model, in the order <see cref="Export"/> wrote them.</summary>
    internal abstract void Import(OnnxImport import);
}
