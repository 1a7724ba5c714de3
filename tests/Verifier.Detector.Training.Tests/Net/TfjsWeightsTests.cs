using System.Text;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Tests.Support;

namespace Verifier.Detector.Training.Tests.Net;

/// <summary>The TensorFlow.js weights reader: the manifest's order, dequantisation, and refusals that name the folder.</summary>
[TestClass]
public sealed class TfjsWeightsTests
{
    [TestMethod]
    public void ReadsFloatAndQuantisedWeightsInManifestOrderAcrossShards()
    {
        using var temp = new TempFolder();
        var manifest = """
            {"weightsManifest":[{"paths":["a","b"],"weights":[
              {"name":"f","shape":[2],"dtype":"float32"},
              {"name":"q8","shape":[3],"dtype":"float32","quantization":{"min":-1.0,"scale":0.5,"dtype":"uint8"}},
              {"name":"q16","shape":[1,2],"dtype":"float32","quantization":{"min":2.0,"scale":0.25,"dtype":"uint16"}}]}]}
            """;
        File.WriteAllText(temp.File("model.json"), manifest);
        // The group's bytes run on from shard a into shard b: 2 floats, 3 uint8 levels, 2 uint16 levels (little-endian).
        byte[] all = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), 0, 2, 255, 4, 0, 0, 1];
        File.WriteAllBytes(temp.File("a"), all[..5]);
        File.WriteAllBytes(temp.File("b"), all[5..]);

        var weights = TfjsWeights.Read(temp.Path);

        CollectionAssert.AreEqual(new[] { 1.5f, -2f }, weights.Get("f", 2).Values);
        CollectionAssert.AreEqual(new[] { -1f, 0f, 126.5f }, weights.Get("q8", 3).Values);
        CollectionAssert.AreEqual(new[] { 3f, 66f }, weights.Get("q16", 1, 2).Values);
    }

    [TestMethod]
    public void TheShippedBackboneHasEveryWeightOfMobileNetV2()
    {
        var weights = ShippedBackbone.Weights;
        // 52 batch norms x 4, 35 convolutions, 17 depthwise kernels, 3 dense layers x 2 (nsfwjs's head, unused here).
        Assert.HasCount(266, weights.Names);
        Assert.HasCount(3 * 3 * 384, weights.Get("block_10_depthwise/depthwise_kernel", 3, 3, 384, 1).Values);
    }

    [TestMethod]
    public void ShortShardsUnknownTypesAndPathsOutOfTheFolderAreRefusedByName()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("s"), [1, 2, 3]);

        AssertRefused(temp, """{"weightsManifest":[{"paths":["s"],"weights":[{"name":"w","shape":[2],"dtype":"float32"}]}]}""", "end inside weight 'w'");
        AssertRefused(temp, """{"weightsManifest":[{"paths":["s"],"weights":[{"name":"w","shape":[3],"dtype":"int32"}]}]}""", "dtype 'int32'");
        AssertRefused(temp, """{"weightsManifest":[{"paths":["../s"],"weights":[]}]}""", "not a plain file name");
        AssertRefused(temp, """{"weightsManifest":[{"paths":["s"],"weights":[{"name":"w","shape":[1],"dtype":"float32","quantization":{"min":0,"scale":1,"dtype":"uint8"}}]}]}""", "2 bytes more");
        AssertRefused(temp, """{"weights":[]}""", "not a TensorFlow.js weights manifest");
        File.Delete(temp.File("model.json"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => TfjsWeights.Read(temp.Path)).Message, "no model.json");
    }

    private static void AssertRefused(TempFolder temp, string manifest, string expected)
    {
        File.WriteAllText(temp.File("model.json"), manifest, Encoding.UTF8);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TfjsWeights.Read(temp.Path));
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, temp.Path);
    }
}
