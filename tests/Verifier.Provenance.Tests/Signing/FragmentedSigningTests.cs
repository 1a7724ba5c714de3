using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Keys;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// Fragmented MP4 signing: an init segment and fragment files cut from a real clip (<see cref="FragmentedClip"/>, no
/// ffmpeg), signed with a Merkle tree; c2pa-rs (the
/// oracle, <c>verify.mjs --fragment</c>) and Verifier must both trust each fragment, and fail a tampered one alike.
/// </summary>
[TestClass]
public sealed class FragmentedSigningTests
{
    private static readonly Lazy<Signed> Five = new(() => SignSplit(5, 40_000));
    private static TimeStampedTrust? _trust;

    [ClassInitialize]
    public static void StartTimeStampAuthority(TestContext context) =>
        _trust = TimeStampedTrust.Start(DevelopmentPkis.For(Verifier.Provenance.Cose.CoseAlgorithm.Es256));

    [ClassCleanup]
    public static void StopTimeStampAuthority() => _trust?.Dispose();

    /// <summary>Algorithm (7) x {no TSA, TSA}, as for the other formats in <see cref="BuilderInteropTests"/>.</summary>
    public static IEnumerable<object[]> AlgorithmCases() =>
        new[] { "es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519" }
            .SelectMany(alg => new object[][] { [alg, false], [alg, true] });

    /// <summary>A two-fragment clip signed with each algorithm, with and without a time stamp: Trusted in both.</summary>
    [TestMethod]
    [DynamicData(nameof(AlgorithmCases))]
    public void EveryAlgorithmWithAndWithoutATimeStampIsTrustedInBoth(string alg, bool stamped) =>
        SignTwoFragmentsAndAgree(alg, stamped, parent: null);

    /// <summary>The same with a c2pa-rs-signed parent: its manifest is carried into the init's store.</summary>
    [TestMethod]
    [DataRow("es256", false)]
    [DataRow("ps256", true)]
    public void WithAParentIsTrustedInBoth(string alg, bool stamped)
    {
        var parent = Path.Combine(Oracle.TempDir(), "parent.mp4");
        Oracle.Instance.Sign(SignedBy.Mp4, parent);
        SignTwoFragmentsAndAgree(alg, stamped, parent);
    }

    private static void SignTwoFragmentsAndAgree(string alg, bool stamped, string? parent)
    {
        var dir = Oracle.TempDir();
        var (init, inputs) = FragmentedClip.Split(dir, 2, 40_000);
        var output = Path.Combine(dir, "out", "init.mp4");
        var result = Builder.Sign(new SignRequest
        {
            InputPath = init,
            OutputPath = output,
            Signer = SignedBy.Signer(alg),
            TimeStamper = stamped ? _trust!.Stamper : null,
            DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
            ParentPath = parent,
            ParentTrust = _trust!.Anchors,
            FragmentPaths = inputs,
            FragmentsOutputDirectory = Path.GetDirectoryName(output),
        });

        var fragment = result.FragmentPaths[^1];
        var expected = Oracle.Instance.Verify(output, "--trust", _trust!.AnchorsPem, "--fragment", fragment);
        var actual = Reader.Validate(output, new VerifyOptions { Trust = _trust.Anchors, FragmentPaths = [fragment] });
        Agreement.AssertSame(fragment, expected, actual);
        Assert.AreEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
        TimeStampCodes.AssertAlike(expected, actual, stamped);
        Assert.AreEqual(parent is null ? 1 : 2, actual.Manifests.Count, Agreement.Describe(actual));
    }

    [TestMethod]
    public void EveryFragmentIsTrustedInBoth()
    {
        var s = Five.Value;
        Assert.HasCount(5, s.Fragments);
        foreach (var fragment in s.Fragments)
        {
            AssertTrustedInBoth(s.Init, fragment);
        }

        var all = Validate(s.Init, s.Fragments);
        Assert.AreEqual(ValidationState.Trusted, all.State, Agreement.Describe(all));
    }

    [TestMethod]
    public void FragmentsAreWrittenWithTheirProofBeforeTheMoof()
    {
        var s = Five.Value;
        for (int i = 0; i < s.Fragments.Count; i++)
        {
            var top = BmffTree.Read(new MemoryStream(File.ReadAllBytes(s.Fragments[i]))).TopLevel.Select(b => b.Type).ToList();
            CollectionAssert.AreEqual(new[] { "uuid", "moof", "mdat" }, top, $"fragment {i}");
            Assert.AreEqual(Path.GetFileName(s.Inputs[i]), Path.GetFileName(s.Fragments[i]));
            Assert.AreNotEqual(Path.GetDirectoryName(s.Inputs[i]), Path.GetDirectoryName(s.Fragments[i]));
        }
    }

    [TestMethod]
    public void ATamperedFragmentFailsAlikeInBoth()
    {
        var s = Five.Value;
        var bytes = File.ReadAllBytes(s.Fragments[3]);
        bytes[^100] ^= 0x5a; // inside the mdat payload
        var dir = Oracle.TempDir();
        var tampered = Path.Combine(dir, Path.GetFileName(s.Fragments[3]));
        File.WriteAllBytes(tampered, bytes);

        var expected = Oracle.Instance.Verify(s.Init, "--trust", Oracle.Instance.RootPem, "--fragment", tampered);
        var actual = Validate(s.Init, [tampered]);
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreNotEqual(ValidationState.Trusted, actual.State);
        AssertSameMismatchExplanation(expected, actual);
    }

    [TestMethod]
    public void TheSignedInitAloneFailsAlikeInBoth()
    {
        var init = Five.Value.Init;
        var expected = Oracle.Instance.Verify(init, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(init, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(init, expected, actual);
        AssertSameMismatchExplanation(expected, actual);
    }

    [TestMethod]
    public void AFragmentOfAnotherTreeFailsAlikeInBoth()
    {
        // The same slice signed in a different tree: its proof does not lead to this init's row.
        var other = SignSplit(2, 40_000);
        var expected = Oracle.Instance.Verify(Five.Value.Init, "--trust", Oracle.Instance.RootPem, "--fragment", other.Fragments[1]);
        var actual = Validate(Five.Value.Init, [other.Fragments[1]]);
        Agreement.AssertSame(other.Fragments[1], expected, actual);
        Assert.AreNotEqual(ValidationState.Trusted, actual.State);
    }

    /// <summary>
    /// Over 32 fragments c2pa-rs stores a row five layers up rather than the root, and proofs stop there; one fragment
    /// is its own root with a null proof. Both trees must be read alike by c2pa-rs.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(37)]
    public void TreesOfOtherShapesAreTrustedInBoth(int count)
    {
        var s = SignSplit(count, 1_000);
        AssertTrustedInBoth(s.Init, s.Fragments[^1]);
        var all = Validate(s.Init, s.Fragments);
        Assert.AreEqual(ValidationState.Trusted, all.State, Agreement.Describe(all));
    }

    [TestMethod]
    public void AFragmentThatIsNotMoofAndMdatIsRefusedAndNothingIsLeft()
    {
        var s = Five.Value;
        var dir = Oracle.TempDir();
        var notFragment = Path.Combine(dir, "bad.m4s");
        File.WriteAllBytes(notFragment, FragmentedClip.Box("mdat", new byte[64]));
        var output = Path.Combine(dir, "out", "init.mp4");
        var e = Assert.ThrowsExactly<SigningRefusedException>(() => Sign(s.SourceInit, output, [s.Inputs[0], notFragment]));
        Assert.AreEqual(RefusalRule.UnsupportedFragment, e.Rule);
        StringAssert.Contains(e.Message, "exactly one");
        Assert.IsFalse(File.Exists(output));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out", Path.GetFileName(s.Inputs[0]))));
    }

    [TestMethod]
    public void FragmentsThatWouldOverwriteTheirInputsAreRefused()
    {
        var s = Five.Value;
        var output = Path.Combine(Path.GetDirectoryName(s.Inputs[0])!, "signed-again.mp4");
        var e = Assert.ThrowsExactly<SigningRefusedException>(() => Sign(s.SourceInit, output, s.Inputs));
        Assert.AreEqual(RefusalRule.UnsupportedFragment, e.Rule);
    }

    [TestMethod]
    public void DamagedOrSignedFragmentsAreRefusedAndNothingIsLeft()
    {
        var s = Five.Value;
        var dir = Oracle.TempDir();
        var truncated = Path.Combine(dir, "truncated.m4s");
        File.WriteAllBytes(truncated, File.ReadAllBytes(s.Inputs[1])[..^10]); // the mdat claims more bytes than remain
        var hugeBox = Path.Combine(dir, "huge.m4s");
        File.WriteAllBytes(hugeBox, [0xFF, 0xFF, 0xFF, 0xFF, .. "moof"u8, 0, 0, 0, 0]);
        var cases = new (string Fragment, Type Expected)[]
        {
            (truncated, typeof(ProvenanceReadException)),
            (hugeBox, typeof(ProvenanceReadException)),
            (s.Fragments[0], typeof(SigningRefusedException)), // already carries its merkle box
        };
        foreach (var (fragment, expected) in cases)
        {
            var output = Path.Combine(dir, "out-" + Path.GetFileNameWithoutExtension(fragment), "init.mp4");
            var e = Assert.Throws<Exception>(() => Sign(s.SourceInit, output, [s.Inputs[0], fragment]));
            Assert.IsInstanceOfType(e, expected, $"{fragment}: {e}");
            Assert.IsFalse(File.Exists(output), fragment);
            Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileName(s.Inputs[0]))), fragment);
        }
    }

    [TestMethod]
    public void FragmentsOfAJpegAreRefused()
    {
        var dir = Oracle.TempDir();
        var e = Assert.ThrowsExactly<SigningRefusedException>(() =>
            Sign(SignedBy.Jpeg, Path.Combine(dir, "out", "a.jpg"), [Five.Value.Inputs[0]]));
        Assert.AreEqual(RefusalRule.UnsupportedFragment, e.Rule);
    }

    private static void AssertTrustedInBoth(string init, string fragment)
    {
        var expected = Oracle.Instance.Verify(init, "--trust", Oracle.Instance.RootPem, "--fragment", fragment);
        var actual = Validate(init, [fragment]);
        Agreement.AssertSame(fragment, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        Assert.AreEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
    }

    /// <summary>Both report <c>assertion.bmffHash.mismatch</c> with the same explanation (c2pa-rs's wording of why).</summary>
    private static void AssertSameMismatchExplanation(System.Text.Json.Nodes.JsonNode expected, ValidationResult actual)
    {
        var theirs = expected["failure_details"]!.AsArray()
            .Single(n => n!["code"]!.GetValue<string>() == ValidationCodes.AssertionBmffHashMismatch)!["explanation"]!.GetValue<string>();
        var ours = actual.Statuses.Single(x => x.Code == ValidationCodes.AssertionBmffHashMismatch).Explanation;
        Assert.AreEqual(theirs, ours);
    }

    private static ValidationResult Validate(string init, IReadOnlyList<string> fragments) =>
        Reader.Validate(init, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem), FragmentPaths = fragments });

    private static SignResult Sign(string init, string output, IReadOnlyList<string> fragments) =>
        Builder.Sign(new SignRequest
        {
            InputPath = init,
            OutputPath = output,
            Signer = SignedBy.Signer("es256"),
            DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
            FragmentPaths = fragments,
            FragmentsOutputDirectory = Path.GetDirectoryName(output),
        });

    private sealed record Signed(string SourceInit, IReadOnlyList<string> Inputs, string Init, IReadOnlyList<string> Fragments);

    /// <summary>Cuts the real clip into an init segment and <paramref name="count"/> fragments, then signs them into out/.</summary>
    private static Signed SignSplit(int count, int sliceBytes)
    {
        var dir = Oracle.TempDir();
        var (init, inputs) = FragmentedClip.Split(dir, count, sliceBytes);
        var output = Path.Combine(dir, "out", "init.mp4");
        var result = Sign(init, output, inputs);
        return new Signed(init, inputs, output, result.FragmentPaths);
    }
}
