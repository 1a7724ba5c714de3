using Verifier.Generator.Autoencoder;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>The causal video autoencoder: 4x time and 8x space compression, and no latent frame sees a later input frame.</summary>
[TestClass]
public sealed class AutoencoderTests
{
    [TestMethod]
    public void CompressesFourTimesInTimeAndEightTimesInSpace()
    {
        manual_seed(1);
        using var autoencoder = new VideoAutoencoder(GeneratorConfig.Tiny);
        using var video = rand([2, 3, 9, 32, 48]) * 2 - 1;

        using var latent = autoencoder.Encode(video);
        using var decoded = autoencoder.Decode(latent);

        CollectionAssert.AreEqual(new long[] { 2, GeneratorConfig.Tiny.LatentChannels, 3, 4, 6 }, latent.shape);
        CollectionAssert.AreEqual(video.shape, decoded.shape);
    }

    [TestMethod]
    public void ChangingAFrameNeverChangesTheLatentsOfEarlierFrames()
    {
        manual_seed(2);
        using var autoencoder = new VideoAutoencoder(GeneratorConfig.Tiny);
        using var noGrad = no_grad();
        using var video = rand([1, 3, 9, 32, 32]);
        using var changed = video.clone();
        changed[TensorIndex.Colon, TensorIndex.Colon, 5].fill_(0.5);

        using var before = autoencoder.Encode(video);
        using var after = autoencoder.Encode(changed);

        // Latent frame j covers input frames up to 4j: frame 5 falls in latent frame 2, so frames 0 and 1 stay bit-identical.
        for (var j = 0; j < 2; j++)
        {
            Assert.IsTrue(before[TensorIndex.Colon, TensorIndex.Colon, j].allclose(after[TensorIndex.Colon, TensorIndex.Colon, j], rtol: 0, atol: 0), $"latent frame {j} changed");
        }

        Assert.IsFalse(before[TensorIndex.Colon, TensorIndex.Colon, 2].allclose(after[TensorIndex.Colon, TensorIndex.Colon, 2]), "latent frame 2 must see frame 5");
    }

    [TestMethod]
    public void AnImageIsAOneFrameVideoWhoseLatentStartsEveryClipThatStartsWithIt()
    {
        manual_seed(3);
        using var autoencoder = new VideoAutoencoder(GeneratorConfig.Tiny);
        using var noGrad = no_grad();
        using var clip = rand([1, 3, 5, 32, 32]);
        using var image = clip.narrow(2, 0, 1);

        using var clipLatent = autoencoder.Encode(clip);
        using var imageLatent = autoencoder.Encode(image);

        Assert.AreEqual(1L, imageLatent.shape[2]);
        Assert.IsTrue(imageLatent.allclose(clipLatent.narrow(2, 0, 1), rtol: 0, atol: 1e-6));
    }

    [TestMethod]
    public void TheEdgeTermIsTheMeanAbsoluteDifferenceOfNeighbourDifferences()
    {
        // 1 x 1 x 1 x 2 x 2 images: reconstruction [[0, 1], [2, 3]] vs target zeros.
        using var reconstruction = tensor(new float[] { 0, 1, 2, 3 }, [1, 1, 1, 2, 2]);
        using var target = zeros([1, 1, 1, 2, 2]);

        using var loss = AutoencoderLoss.Compute(reconstruction, target, edgeWeight: 0.5);

        // L1 = (0+1+2+3)/4 = 1.5; column differences 1, 1 (mean 1); row differences 2, 2 (mean 2); 1.5 + 0.5 * (1 + 2) = 3.
        Assert.AreEqual(3.0, loss.item<float>(), 1e-6);
    }
}
