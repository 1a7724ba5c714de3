namespace Verifier.Media.Tests;

[TestClass]
public sealed class SamplePlannerTests
{
    private static ProbeResult Clip(double duration, double fps, params double[] keyframes) =>
        new("clip.mp4", duration, fps, 640, 360, "h264", 0, false, keyframes);

    [TestMethod]
    public void SpreadFramesLandOnNearbyKeyframes()
    {
        // Keyframes every 2 s; four frames wanted at 1.25, 3.75, 6.25, 8.75 s (reach 1.25 s each).
        var plan = SamplePlanner.Plan(Clip(10, 25, 0, 2, 4, 6, 8), spreadFrames: 4, runCount: 0, runLength: 1);

        CollectionAssert.AreEqual(
            new[] { new SampleRun(2, 1, true), new SampleRun(4, 1, true), new SampleRun(6, 1, true), new SampleRun(8, 1, true) },
            plan.ToArray());
    }

    [TestMethod]
    public void TheNearestKeyframeWinsWhetherBeforeOrAfter()
    {
        // Keyframes every second; wanted 1.25 (1 is nearer), 3.75 (4), 6.25 (6), 8.75 (9).
        var plan = SamplePlanner.Plan(Clip(10, 25, [.. Enumerable.Range(0, 10).Select(i => (double)i)]), 4, 0, 1);

        CollectionAssert.AreEqual(new[] { 1.0, 4.0, 6.0, 9.0 }, plan.Select(r => r.StartSeconds).ToArray());
        Assert.IsTrue(plan.All(r => r.AtKeyframe));
    }

    [TestMethod]
    public void WithoutANearbyKeyframeTheExactTimeIsKept()
    {
        var plan = SamplePlanner.Plan(Clip(10, 25, 0), spreadFrames: 2, runCount: 0, runLength: 1);

        CollectionAssert.AreEqual(new[] { new SampleRun(2.5, 1, false), new SampleRun(7.5, 1, false) }, plan.ToArray());
    }

    [TestMethod]
    public void RunsOfConsecutiveFramesStayInsideTheClip()
    {
        // One run of 50 frames (2 s at 25 fps) wanted at the middle of a 3 s clip: it must start by 1 s.
        var plan = SamplePlanner.Plan(Clip(3, 25), spreadFrames: 0, runCount: 1, runLength: 50);

        Assert.HasCount(1, plan);
        Assert.AreEqual(1.0, plan[0].StartSeconds, 1e-9);
        Assert.AreEqual(50, plan[0].FrameCount);
    }

    [TestMethod]
    public void OverlappingSamplesMergeSoNoFrameIsDecodedTwice()
    {
        // Spread frames at 2.5 and 7.5 s and a run of 10 frames at 5 s, all snapped to the keyframe at 5 s.
        var plan = SamplePlanner.Plan(Clip(10, 10, 5), spreadFrames: 2, runCount: 1, runLength: 10);

        CollectionAssert.AreEqual(new[] { new SampleRun(2.5, 1, false), new SampleRun(5, 10, true), new SampleRun(7.5, 1, false) }, plan.ToArray());
    }

    [TestMethod]
    public void ALongDecodeLeadMovesTheStartToTheNearestKeyframe()
    {
        // Keyframes every 10 s; six frames wanted at 2.5, 7.5, ... 27.5 s, none within reach (2.5 s) of one. Those 2.5 s
        // past a keyframe cost 2.5 s of thrown-away decoding (allowed: 3); those 7.5 s past move to the nearest keyframe,
        // and 17.5 and 27.5 both land on 20, which merge.
        var clip = Clip(30, 30, 0, 10, 20);

        var plan = SamplePlanner.Plan(clip, spreadFrames: 6, runCount: 0, runLength: 1, maxDecodeLeadSeconds: 3);

        CollectionAssert.AreEqual(
            new[]
            {
                new SampleRun(2.5, 1, false), new SampleRun(10, 1, true), new SampleRun(12.5, 1, false),
                new SampleRun(20, 1, true), new SampleRun(22.5, 1, false),
            },
            plan.ToArray());
        Assert.IsTrue(SamplePlanner.Plan(clip, 6, 0, 1).All(r => !r.AtKeyframe), "without a limit the exact times are kept");
    }

    [TestMethod]
    public void StartsMovedToTheSameKeyframeMerge()
    {
        // One keyframe in 10 s: with a short allowed lead every start moves to it, and they become one run.
        var plan = SamplePlanner.Plan(Clip(10, 10, 0), spreadFrames: 4, runCount: 1, runLength: 3, maxDecodeLeadSeconds: 0.5);

        CollectionAssert.AreEqual(new[] { new SampleRun(0, 3, true) }, plan.ToArray());
    }

    [TestMethod]
    public void AClipWithoutTimingIsSampledAtItsStart()
    {
        var plan = SamplePlanner.Plan(Clip(0, 0), spreadFrames: 8, runCount: 2, runLength: 4);

        CollectionAssert.AreEqual(new[] { new SampleRun(0, 4, false) }, plan.ToArray());
    }
}
