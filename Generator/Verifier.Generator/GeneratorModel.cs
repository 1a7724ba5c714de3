using TorchSharp;
using Verifier.Generator.Autoencoder;
using Verifier.Generator.Diffusion;
using static TorchSharp.torch;

namespace Verifier.Generator;

/// <summary>
/// The whole generator: the video autoencoder, the diffusion transformer over its latent, and the latent scale (1 / the
/// standard deviation of training latents, so the transformer sees unit-variance data). Saved as one state file.
/// </summary>
public sealed class GeneratorModel : nn.Module
{
    // Field names are the state file's keys (autoencoder.*, transformer.*, latent_scale).
    private readonly VideoAutoencoder autoencoder;
    private readonly DiffusionTransformer transformer;
    private readonly Tensor latent_scale;

    public GeneratorModel(GeneratorConfig config)
        : base(nameof(GeneratorModel))
    {
        if (config.FindProblem() is { } problem)
        {
            throw new ArgumentException($"generator config: {problem}", nameof(config));
        }

        Config = config;
        autoencoder = new VideoAutoencoder(config);
        transformer = new DiffusionTransformer(config);
        latent_scale = ones(1);

        // Registers the two parts as modules and the scale as a buffer (saved, moved with the model, not trained).
        RegisterComponents();
    }

    public GeneratorConfig Config { get; }

    public VideoAutoencoder Autoencoder => autoencoder;

    public DiffusionTransformer Transformer => transformer;

    public float LatentScale => latent_scale.to(ScalarType.Float32).item<float>();

    /// <summary>Sets the latent scale (once, from the first transformer batch).</summary>
    public void SetLatentScale(double scale)
    {
        using var noGrad = no_grad();
        latent_scale.fill_(scale);
    }

    /// <summary>Video [B, 3, F, S, S] in [-1, 1] to the scaled latent the transformer works on.</summary>
    public Tensor Encode(Tensor video)
    {
        using var latent = autoencoder.Encode(video);
        return latent * latent_scale;
    }

    /// <summary>A scaled latent back to video.</summary>
    public Tensor Decode(Tensor latent)
    {
        using var unscaled = latent / latent_scale;
        return autoencoder.Decode(unscaled);
    }

    /// <summary>Loads the weights and card of a model folder (see <see cref="Save"/>).</summary>
    public static (GeneratorModel Model, GeneratorCard Card) Load(string folder)
    {
        var card = GeneratorCard.Read(folder);
        var model = new GeneratorModel(card.Config);
        var weights = Path.Combine(folder, GeneratorCard.WeightsName);
        try
        {
            model.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();

            // TorchSharp reports a missing, truncated or mismatched file in many ways; all mean the same to the user.
            throw new InvalidDataException($"{Path.GetFullPath(weights)}: the weights cannot be loaded for {card.Config.Name} ({e.Message})", e);
        }

        return (model, card);
    }

    /// <summary>Writes <c>generator.bin</c> then <c>generator.json</c> into <paramref name="folder"/>, each through a rename.</summary>
    public void Save(string folder, int autoencoderSteps, int transformerSteps)
    {
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, GeneratorCard.WeightsName + ".tmp");
        this.save(temp);
        File.Move(temp, Path.Combine(folder, GeneratorCard.WeightsName), overwrite: true);
        new GeneratorCard(Config, autoencoderSteps, transformerSteps).Write(folder);
    }
}
