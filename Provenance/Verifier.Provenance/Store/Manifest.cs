using Verifier.Provenance.Cbor;
using Verifier.Provenance.Claims;
using Verifier.Provenance.Jumbf;

namespace Verifier.Provenance.Store;

/// <summary>One assertion of a manifest's assertion store.</summary>
public sealed class AssertionBox
{
    internal AssertionBox(JumbfBox box, string label)
    {
        Box = box;
        Label = label;
    }

    /// <summary>The assertion's superbox (its payload is what hashed URIs hash).</summary>
    public JumbfBox Box { get; }

    /// <summary>The label with its instance suffix, as in the store (<c>c2pa.ingredient.v3__1</c>).</summary>
    public string Label { get; }

    /// <summary>The label without version or instance, e.g. <c>c2pa.actions</c>.</summary>
    public string BaseLabel => JumbfUri.BaseLabel(Label);

    /// <summary><c>cbor</c>, <c>json</c>, <c>uuid</c>, or the embedded-file UUID for thumbnails.</summary>
    public string? ContentType => Box.ContentType;

    /// <summary>
    /// The assertion's data: the content box's payload, the file bytes (<c>bidb</c>) of an embedded file, or what follows
    /// the 16-byte UUID of a uuid box.
    /// </summary>
    public ReadOnlyMemory<byte> Data => ContentType switch
    {
        JumbfUuids.EmbeddedFile => Box.Children.FirstOrDefault(c => c.Type == "bidb")?.Payload ?? ReadOnlyMemory<byte>.Empty,
        "uuid" when Box.Content is { Payload.Length: >= 16 } u => u.Payload[16..],
        _ => Box.Content?.Payload ?? ReadOnlyMemory<byte>.Empty,
    };

    /// <summary>The data decoded as CBOR when it is a CBOR assertion and decodes; else null.</summary>
    public CborNode? Cbor => ContentType == "cbor" ? CborNode.TryDecode(Data) : null;
}

/// <summary>One manifest of a store: its claim, signature and assertions, as stored.</summary>
public sealed class Manifest
{
    internal Manifest(JumbfBox box, bool isUpdate, Claim claim, JumbfBox claimBox, JumbfBox signatureBox,
        IReadOnlyList<AssertionBox> assertions)
    {
        Box = box;
        IsUpdate = isUpdate;
        Claim = claim;
        ClaimBox = claimBox;
        SignatureBox = signatureBox;
        Assertions = assertions;
    }

    public string Label => Box.Label ?? "";

    public JumbfBox Box { get; }

    /// <summary>An update manifest (<c>c2um</c>): no hard binding of its own.</summary>
    public bool IsUpdate { get; }

    public Claim Claim { get; }

    public JumbfBox ClaimBox { get; }

    public JumbfBox SignatureBox { get; }

    /// <summary>The COSE_Sign1 bytes of the claim signature.</summary>
    public ReadOnlyMemory<byte> Signature => SignatureBox.Content?.Payload ?? ReadOnlyMemory<byte>.Empty;

    public IReadOnlyList<AssertionBox> Assertions { get; }

    public string Alg => Claim.Alg ?? "sha256";

    public AssertionBox? Assertion(string label) => Assertions.FirstOrDefault(a => a.Label == label);

    /// <summary>Assertions whose base label is one of <paramref name="baseLabels"/>, in store order.</summary>
    public IEnumerable<AssertionBox> AssertionsOf(params string[] baseLabels) =>
        Assertions.Where(a => baseLabels.Contains(a.BaseLabel));

    /// <summary>Hash of this manifest's superbox payload (what an ingredient's <c>activeManifest</c>/<c>c2pa_manifest</c> hashes).</summary>
    public byte[] ManifestHash(string alg) => HashAlgorithms.Hash(alg, Box.Payload.Span);

    /// <summary>Hash of the signature superbox payload (what an ingredient v3's <c>claimSignature</c> hashes).</summary>
    public byte[] SignatureHash(string alg) => HashAlgorithms.Hash(alg, SignatureBox.Payload.Span);
}
