using static TorchSharp.torch;

namespace Verifier.Generator.Autoencoder;

/// <summary>
/// The causal video autoencoder: 4x temporal, 8x spatial compression. Causal, so a still image is a 1-frame video and
/// its latent is the first latent frame of any clip that starts with it. Pixels are in [-1, 1].
/// </summary>
public sealed class VideoAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly CausalEncoder encoder;
    private readonly CausalDecoder decoder;

    public VideoAutoencoder(GeneratorConfig config)
        : base(nameof(VideoAutoencoder))
    {
        encoder = new CausalEncoder(config);
        decoder = new CausalDecoder(config);
        RegisterComponents();
    }

    public Tensor Encode(Tensor video) => encoder.forward(video);

    public Tensor Decode(Tensor latent) => decoder.forward(latent);

    /// <summary>The reconstruction: decode(encode(video)).</summary>
    public override Tensor forward(Tensor video)
    {
        using var latent = Encode(video);
        return Decode(latent);
    }
}
