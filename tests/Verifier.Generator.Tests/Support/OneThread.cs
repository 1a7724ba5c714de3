using static TorchSharp.torch;

namespace Verifier.Generator.Tests.Support;

/// <summary>
/// The tests' tensors are tiny: one intra-op thread runs them 5-20x faster on this shared 2-core machine than libtorch's
/// default, whose threads spin-wait for each other when other processes hold the cores (measured: 48 ms vs 0.6-1.8 s for
/// a tiny autoencoder step).
/// </summary>
[TestClass]
public static class OneThread
{
    [AssemblyInitialize]
    public static void Use(TestContext context) => set_num_threads(1);
}
