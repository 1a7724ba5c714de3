using Verifier.Provenance.Store;
using Verifier.Provenance.Validation;
using static Verifier.Provenance.Tests.Support.JumbfBuilder;

namespace Verifier.Provenance.Tests.Store;

[TestClass]
public sealed class ManifestStoreTests
{
    private const string Label = "urn:c2pa:0b9bbf7e-3c8f-4f2d-9a0a-5b6c7d8e9f00";

    private static byte[] Actions(params string[] names) => CborAssertion("c2pa.actions.v2", EncodeCbor(w =>
    {
        w.WriteStartMap(null);
        w.WriteTextString("actions");
        w.WriteStartArray(null);
        foreach (var n in names)
        {
            w.WriteStartMap(null);
            w.WriteTextString("action");
            w.WriteTextString(n);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteEndMap();
    }));

    [TestMethod]
    public void ParsesAManifestItsClaimAndAssertions()
    {
        var store = ManifestStore.Parse(StoreBox(Manifest(Label, [Actions("c2pa.created")])));

        var m = store.Active!;
        Assert.AreEqual(Label, m.Label);
        Assert.AreEqual(2, m.Claim.Version);
        Assert.AreEqual("unit-test", m.Claim.ClaimGenerator);
        Assert.AreEqual("c2pa.actions.v2", m.Assertions.Single().Label);
        Assert.AreEqual("c2pa.actions", m.Assertions.Single().BaseLabel);
        Assert.IsNotNull(m.Assertions.Single().Cbor);
    }

    [TestMethod]
    public void AnAssertionTheClaimDoesNotListIsAReadError()
    {
        var extra = CborAssertion("org.example.sneaky", [0xA0]);

        // Rebuild the manifest with the unlisted assertion added to its store, as c2pa-rs would meet it.
        var listed = Manifest(Label, [Actions("c2pa.created")]);
        var withExtra = Superbox("c2ma", Label,
            Superbox("c2as", "c2pa.assertions", Actions("c2pa.created"), extra),
            Slice(listed, "c2cl"), Slice(listed, "c2cs"));
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => ManifestStore.Parse(StoreBox(withExtra)));
        Assert.AreEqual(ReadError.AssertionMissing, e.Error);
        StringAssert.Contains(e.Message, "org.example.sneaky");
    }

    [TestMethod]
    public void AClaimWithoutHashAlgorithmIsUnknownAlgorithm()
    {
        var claim = EncodeCbor(w =>
        {
            w.WriteStartMap(null);
            w.WriteTextString("instanceID");
            w.WriteTextString("x");
            w.WriteTextString("claim_generator_info");
            w.WriteStartMap(null);
            w.WriteEndMap();
            w.WriteTextString("signature");
            w.WriteTextString("self#jumbf=c2pa.signature");
            w.WriteTextString("created_assertions");
            w.WriteStartArray(0);
            w.WriteEndArray();
            w.WriteEndMap();
        });
        var m = Superbox("c2ma", Label, Superbox("c2as", "c2pa.assertions"), Superbox("c2cl", "c2pa.claim.v2", Box("cbor", claim)),
            Superbox("c2cs", "c2pa.signature", Box("cbor", [0xF6])));
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => ManifestStore.Parse(StoreBox(m)));
        Assert.AreEqual(ReadError.UnknownAlgorithm, e.Error);
    }

    [TestMethod]
    public void GarbledClaimCborIsClaimDecoding()
    {
        var m = Superbox("c2ma", Label, Superbox("c2as", "c2pa.assertions"), Superbox("c2cl", "c2pa.claim.v2", Box("cbor", [0xBF, 0x61])),
            Superbox("c2cs", "c2pa.signature", Box("cbor", [0xF6])));
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => ManifestStore.Parse(StoreBox(m)));
        Assert.AreEqual(ReadError.ClaimDecoding, e.Error);
    }

    [TestMethod]
    public void ACompressedManifestReadsLikeThePlainOne()
    {
        var plain = Manifest(Label, [Actions("c2pa.created")]);
        using var compressed = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(plain.AsSpan(8));
        }

        var c2cm = Superbox("c2cm", Label, Box("brob", [.. "jumb"u8.ToArray(), .. compressed.ToArray()]));

        var store = ManifestStore.Parse(StoreBox(c2cm));

        Assert.AreEqual(Label, store.Active!.Label);
        Assert.AreEqual("c2pa.actions.v2", store.Active.Assertions.Single().Label);
        CollectionAssert.AreEqual(plain.AsSpan(8).ToArray(), store.Active.Box.Payload.ToArray());
    }

    /// <summary>
    /// A real bomb: a few kB of Brotli that would expand to 4 times the cap. It is refused once the cap is passed, having
    /// allocated the cap and one 1 MB block at most, never the whole expansion.
    /// </summary>
    [TestMethod]
    public void ACompressionBombIsRefusedWithoutExpandingIt()
    {
        const long expansion = 4L * ManifestStore.MaxDecompressedManifest;
        using var compressed = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < expansion; written += zeros.Length)
            {
                brotli.Write(zeros);
            }
        }

        Assert.IsLessThan(64 * 1024, compressed.Length, "256 MB of zeros compress to a few kB");
        var store = StoreBox(Superbox("c2cm", Label, Box("brob", [.. "jumb"u8.ToArray(), .. compressed.ToArray()])));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => ManifestStore.Parse(store));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(ReadError.InvalidClaim, e.Error);
        StringAssert.Contains(e.Message, $"expands beyond {ManifestStore.MaxDecompressedManifest} bytes");
        Assert.IsLessThan(ManifestStore.MaxDecompressedManifest + (2 << 20), allocated, $"{compressed.Length} bytes of Brotli made the reader allocate {allocated}");
    }

    [TestMethod]
    public void TheLastManifestIsActive()
    {
        const string first = "urn:c2pa:11111111-1111-1111-1111-111111111111";
        var store = ManifestStore.Parse(StoreBox(Manifest(first, [Actions("c2pa.created")]), Manifest(Label, [Actions("c2pa.created")])));
        Assert.AreEqual(2, store.Manifests.Count);
        Assert.AreEqual(Label, store.Active!.Label);
        Assert.AreEqual(first, store.Get(first)!.Label);
    }

    [TestMethod]
    public void ActionRulesFlagAFirstActionThatIsNotCreatedOrOpened()
    {
        var store = ManifestStore.Parse(StoreBox(Manifest(Label, [Actions("c2pa.edited", "c2pa.created")])));
        var log = new StatusLog();

        ActionRules.Check(store.Active!, log);

        var codes = log.Entries.Select(e => e.Code).ToList();
        CollectionAssert.Contains(codes, ValidationCodes.AssertionActionMalformed);
        Assert.IsTrue(log.Entries.Any(e => e.Explanation == "first action must be created or opened"));
    }

    [TestMethod]
    public void OpenedWithoutAParentIngredientIsAnIngredientMismatch()
    {
        var store = ManifestStore.Parse(StoreBox(Manifest(Label, [Actions("c2pa.opened")])));
        var log = new StatusLog();

        ActionRules.Check(store.Active!, log);

        CollectionAssert.AreEqual(new[] { ValidationCodes.AssertionActionIngredientMismatch }, log.Entries.Select(e => e.Code).ToArray());
    }

    private static byte[] Slice(byte[] manifest, string fourCc)
    {
        var root = Verifier.Provenance.Jumbf.JumbfReader.ParseStore(StoreBox(manifest));
        return root.Children[0].Children.Single(c => c.ContentType == fourCc).Whole.ToArray();
    }
}
