using Verifier.Fuzz;
using Verifier.Fuzz.Loop;
using Verifier.Fuzz.Targets;

namespace Verifier.Fuzz.Tests;

/// <summary>The loop itself: it must report what breaks a contract, let documented refusals pass, and catch hangs.</summary>
[TestClass]
public sealed class MutationLoopTests
{
    private static readonly byte[][] Seeds = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 9, 9, 9]];

    [TestMethod]
    public void AnUndocumentedExceptionIsACrashAndADocumentedOneIsNot()
    {
        var target = new FuzzTarget("test", "throws on a zero byte, refuses a 9", input =>
        {
            if (input.Contains((byte)0))
            {
                throw new NullReferenceException("zero byte");
            }

            if (input.Contains((byte)9))
            {
                throw new FormatException("refused");
            }
        }, e => e is FormatException);

        using var folder = new TempFindings();
        var report = new MutationLoop(target, Seeds, folder.Path).Run(2_000, seed: 7);

        var crash = report.Findings.Single();
        Assert.AreEqual("crash", crash.Kind);
        Assert.StartsWith("System.NullReferenceException at ", crash.Signature);
        Assert.Contains((byte)0, crash.Input);
        CollectionAssert.AreEqual(crash.Input, File.ReadAllBytes(crash.SavedAs!), "the crashing input is saved as found");
        Assert.IsFalse(target.Execute([9]), "a documented refusal is not a result");
        Assert.IsTrue(target.Execute([1]));
    }

    [TestMethod]
    public void AnExecutionPastTheHangLimitIsAHang()
    {
        var target = new FuzzTarget("slow", "sleeps on a 5", input =>
        {
            if (input.Contains((byte)5))
            {
                Thread.Sleep(TimeSpan.FromSeconds(3));
            }
        }, FuzzTarget.Never);

        var report = new MutationLoop(target, Seeds) { HangLimit = TimeSpan.FromMilliseconds(300) }.Run(100, seed: 1);

        Assert.AreEqual("hang", report.Findings.Single().Kind);
        Assert.AreEqual(0, report.Execs, "the first seed holds a 5: the loop stops in it");
    }

    [TestMethod]
    public void TheMutatorIsRepeatableAndBounded()
    {
        var first = new ByteMutator(Seeds, new Random(3));
        var second = new ByteMutator(Seeds, new Random(3));
        int changed = 0;
        for (int i = 0; i < 1_000; i++)
        {
            var a = first.Next();
            CollectionAssert.AreEqual(a, second.Next(), $"mutation {i}");
            Assert.IsLessThanOrEqualTo(ByteMutator.MaxLength, a.Length);
            changed += Seeds.Any(s => s.AsSpan().SequenceEqual(a)) ? 0 : 1;
        }

        Assert.IsGreaterThan(900, changed, "nearly every mutation differs from its seed");
    }

    [TestMethod]
    public void DerSequencesSplitsAChainByItsOuterLengths()
    {
        byte[] shortForm = [0x30, 0x03, 1, 2, 3];
        byte[] longForm = [0x30, 0x81, 0x80, .. new byte[0x80]];
        byte[] junk = [0xFF, 0x00, 0x30];

        var pieces = DerSequences.Split([.. shortForm, .. longForm, .. junk]);

        Assert.HasCount(3, pieces);
        CollectionAssert.AreEqual(shortForm, pieces[0]);
        CollectionAssert.AreEqual(longForm, pieces[1]);
        CollectionAssert.AreEqual(junk, pieces[2]);
        CollectionAssert.AreEqual(new byte[] { 0x30, 0x05, 1 }, DerSequences.Split([0x30, 0x05, 1]).Single(), "an overlong length is left to the parser");
    }

    private sealed class TempFindings : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("fuzz-findings-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
