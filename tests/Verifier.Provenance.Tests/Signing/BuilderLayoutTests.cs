using System.Buffers.Binary;
using System.Text.Json;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>Where the builder puts the store and what it does to the rest of the file, checked against c2pa-rs.</summary>
[TestClass]
public sealed class BuilderLayoutTests
{
    /// <summary>A store over 64000 bytes spans several APP11 segments (continuations repeat LBox+TBox).</summary>
    [TestMethod]
    public void LargeStoreSpansSeveralApp11SegmentsAndIsTrusted()
    {
        var definition = ManifestDefinition.Parse(JsonSerializer.Serialize(new
        {
            assertions = new[] { new { label = "org.verifier.filler", data = new { text = new string('x', 150_000) } } },
        }));
        var signed = Path.Combine(Oracle.TempDir(), "big.jpg");
        var result = SignedBy.Sign(SignedBy.Jpeg, signed, definition: definition);
        Assert.IsTrue(result.StoreLength > 2 * 64000, $"store {result.StoreLength} bytes");
        AssertTrusted(signed);
    }

    /// <summary>A c2patool definition's own actions follow the builder's c2pa.created (with the definition's source type); its created is not doubled.</summary>
    [TestMethod]
    public void DefinitionActionsFollowTheCreatedAction()
    {
        var definition = ManifestDefinition.Parse("""
            {"claim_generator_info": {"name": "Gen"},
             "assertions": [{"label": "c2pa.actions", "data": {"actions": [
                {"action": "c2pa.created", "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"},
                {"action": "c2pa.edited", "description": "retouched"}]}},
               {"label": "org.example.custom", "data": {"n": 1, "x": 2.5, "ok": true}}]}
            """);
        var signed = Path.Combine(Oracle.TempDir(), "defined.png");
        Builder.Sign(new SignRequest { InputPath = SignedBy.Png, OutputPath = signed, Signer = SignedBy.Signer("es384"), Definition = definition });
        var result = AssertTrusted(signed);
        CollectionAssert.AreEqual(new[] { "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }, result.DigitalSourceTypes.ToArray());
        var actions = result.Manifests[^1].Actions.Select(a => a.Action).ToList();
        CollectionAssert.AreEqual(new[] { "c2pa.created", "c2pa.edited" }, actions, Agreement.Describe(result));
        CollectionAssert.Contains(result.Manifests[^1].Assertions.ToList(), "org.example.custom");
    }

    /// <summary>As c2pa-rs does without a parent, an input's old store is replaced, not kept.</summary>
    [TestMethod]
    public void OldStoreIsReplacedWithoutParent()
    {
        foreach (var ext in new[] { "jpg", "png", "mp4" })
        {
            var dir = Oracle.TempDir();
            var first = Path.Combine(dir, "first." + ext);
            var second = Path.Combine(dir, "second." + ext);
            Oracle.Instance.Sign(SignedBy.Input(ext), first);
            SignedBy.Sign(first, second);
            var result = AssertTrusted(second);
            Assert.AreEqual(1, result.Manifests.Count, Agreement.Describe(result));
        }
    }

    /// <summary>--sidecar: the asset is unchanged, the store beside it validates it (c2pa-rs and Verifier).</summary>
    [TestMethod]
    public void SidecarStoreValidatesTheUnchangedAsset()
    {
        foreach (var ext in new[] { "jpg", "png", "webp", "mp4", "avif" })
        {
            var asset = Path.Combine(Oracle.TempDir(), "asset." + ext);
            var result = Builder.Sign(new SignRequest
            {
                InputPath = SignedBy.Input(ext),
                OutputPath = asset,
                Signer = SignedBy.Signer("es256"),
                Sidecar = true,
            });
            CollectionAssert.AreEqual(File.ReadAllBytes(SignedBy.Input(ext)), File.ReadAllBytes(asset), ext);
            Assert.AreEqual(Path.ChangeExtension(asset, ".c2pa"), result.SidecarPath);
            var expected = Oracle.Instance.Verify(asset, "--trust", Oracle.Instance.RootPem, "--external-manifest", result.SidecarPath!);
            var actual = Reader.Validate(asset, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem), ExternalManifestPath = result.SidecarPath });
            Assert.AreEqual("Trusted", expected["external_manifest"]?["validation_state_with_asset"]?.GetValue<string>(), ext + ": " + expected.ToJsonString());
            Assert.AreEqual(ValidationState.Trusted, actual.State, ext + ": " + Agreement.Describe(actual));
        }
    }

    /// <summary>--remote: the store is embedded and the XMP names the URL; c2pa-rs reads the embedded store.</summary>
    [TestMethod]
    public void RemoteUrlGoesIntoXmpBesideTheEmbeddedStore()
    {
        const string url = "https://example.com/manifests/m.c2pa";
        // The usual test PNG carries XMP already (merging into it is refused); this one has none.
        var pngWithoutXmp = Path.Combine(SharedFolder.Data, "real", "image", "skimage_coffee_orig.png");
        foreach (var ext in new[] { "jpg", "png", "mp4", "avif" })
        {
            var signed = Path.Combine(Oracle.TempDir(), "remote." + ext);
            var input = ext == "png" ? pngWithoutXmp : SignedBy.Input(ext);
            Builder.Sign(new SignRequest { InputPath = input, OutputPath = signed, Signer = SignedBy.Signer("es256"), RemoteUrl = url });
            AssertTrusted(signed);
            using var stream = File.OpenRead(signed);
            Assert.AreEqual(url, Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).RemoteUrl, ext);
        }
    }

    [TestMethod]
    public void RemoteUrlIntoExistingXmpIsRefused()
    {
        var refused = Assert.ThrowsExactly<SigningRefusedException>(() => Builder.Sign(new SignRequest
        {
            InputPath = SignedBy.Png,
            OutputPath = Path.Combine(Oracle.TempDir(), "out.png"),
            Signer = SignedBy.Signer("es256"),
            RemoteUrl = "https://example.com/m.c2pa",
        }));
        Assert.AreEqual(RefusalRule.RemoteWithExistingXmp, refused.Rule);
    }

    /// <summary>Sample chunks move by the inserted box: each stco entry still points at the same media bytes.</summary>
    [TestMethod]
    public void ChunkOffsetsFollowTheMedia()
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed.mp4");
        SignedBy.Sign(SignedBy.Mp4, signed);
        var before = FirstChunks(SignedBy.Mp4);
        var after = FirstChunks(signed);
        Assert.AreEqual(before.Count, after.Count);
        Assert.IsTrue(before.Count > 0);
        for (int i = 0; i < before.Count; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i], $"chunk {i}");
        }
    }

    /// <summary>Signing streams: allocations stay far below the size of a file with a large mdat.</summary>
    [TestMethod]
    public void LargeMp4IsSignedWithoutLoadingIt()
    {
        var dir = Oracle.TempDir();
        var large = Path.Combine(dir, "large.mp4");
        const int extra = 96 * 1024 * 1024;
        using (var file = File.Create(large))
        {
            using (var source = File.OpenRead(SignedBy.Mp4))
            {
                source.CopyTo(file);
            }

            // A trailing mdat no track refers to: hashed like any box, never needed in memory.
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(header, extra + 8);
            "mdat"u8.CopyTo(header[4..]);
            file.Write(header);
            file.SetLength(file.Length + extra);
        }

        try
        {
            var signer = SignedBy.Signer("es256");
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            Builder.Sign(new SignRequest { InputPath = large, OutputPath = Path.Combine(dir, "signed.mp4"), Signer = signer });
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.IsTrue(allocated < 16 * 1024 * 1024, $"{allocated} bytes allocated to sign a {extra >> 20} MB file");
            var result = Reader.Validate(Path.Combine(dir, "signed.mp4"), new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
            Assert.AreEqual(ValidationState.Trusted, result.State, Agreement.Describe(result));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static ValidationResult AssertTrusted(string file)
    {
        var expected = Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(file, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(file, expected, actual);
        Assert.AreEqual("Trusted", expected["validation_state"]?.GetValue<string>(), expected.ToJsonString());
        return actual;
    }

    /// <summary>The first 16 bytes at each of the first chunk offsets of every track.</summary>
    private static List<byte[]> FirstChunks(string path)
    {
        using var stream = File.OpenRead(path);
        var tree = BmffTree.Read(stream);
        var chunks = new List<byte[]>();
        foreach (var stco in tree.AtPath("/moov/trak/mdia/minf/stbl/stco"))
        {
            var table = new byte[12];
            stream.Position = stco.Offset + stco.HeaderSize + 4;
            stream.ReadExactly(table);
            uint count = BinaryPrimitives.ReadUInt32BigEndian(table);
            for (int i = 1; i <= Math.Min(count, 2); i++)
            {
                stream.Position = BinaryPrimitives.ReadUInt32BigEndian(table.AsSpan(i * 4));
                var bytes = new byte[16];
                stream.ReadExactly(bytes);
                chunks.Add(bytes);
            }
        }

        return chunks;
    }
}
