using System.Text.Json.Nodes;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// The active manifest's claim and COSE signature, taken from a signed file's store (extracted with the oracle's
/// <c>jumbf.mjs</c>, parsed with <see cref="JumbfReader"/>), plus helpers to compare Verifier's signature codes with what
/// c2pa-rs reports for the same file.
/// </summary>
internal sealed record SignedClaim(ReadOnlyMemory<byte> Cose, ReadOnlyMemory<byte> Claim, int ClaimVersion, string SignatureUrl)
{
    /// <summary>The code families the claim-signature validator is responsible for.</summary>
    private static readonly string[] Families = ["claimSignature.", "signingCredential.", "timeStamp."];

    public static SignedClaim FromFile(string file)
    {
        var storePath = Path.Combine(Oracle.TempDir(), "store.c2pa");
        Oracle.Instance.Run("jumbf.mjs", [file, "--out", storePath]);
        var store = JumbfReader.ParseStore(File.ReadAllBytes(storePath));
        var manifest = store.Children.Last(c => c.IsSuperbox);
        var claimBox = manifest.Child("c2pa.claim.v2") ?? manifest.Child("c2pa.claim")
            ?? throw new InvalidOperationException($"{file}: the active manifest has no claim");
        var signature = manifest.Child("c2pa.signature") ?? throw new InvalidOperationException($"{file}: no c2pa.signature");
        return new SignedClaim(signature.Content!.Payload, claimBox.Content!.Payload,
            claimBox.Label == "c2pa.claim.v2" ? 2 : 1, $"self#jumbf=/c2pa/{manifest.Label}/c2pa.signature");
    }

    public (StatusLog Log, SignerInfo? Signer) Validate(TrustSettings trust)
    {
        var log = new StatusLog();
        var signer = ClaimSignatureValidator.Validate(Cose, Claim, ClaimVersion, trust, log, SignatureUrl);
        return (log, signer);
    }

    public static TrustSettings Trust(params string[] anchorPems) => new()
    {
        Anchors = anchorPems.SelectMany(p => TrustSettingsLoader.ParsePem(File.ReadAllText(p))).ToList(),
    };

    /// <summary>c2pa-rs's codes of one kind (success, informational, failure) in its order, limited to our families.</summary>
    public static List<string> OracleCodes(JsonNode verify, string kind) =>
        verify["status"]![kind]!.AsArray().Select(c => c!.GetValue<string>()).Where(InFamilies).ToList();

    public static List<string> OurCodes(StatusLog log, StatusKind kind) =>
        log.Entries.Where(e => e.Kind == kind).Select(e => e.Code).Where(InFamilies).ToList();

    /// <summary>Asserts the same success, informational and failure codes, in the same order, as c2pa-rs.</summary>
    public static void AssertSameCodes(JsonNode verify, StatusLog log, string what)
    {
        foreach (var (kind, name) in new[] { (StatusKind.Success, "success"), (StatusKind.Informational, "informational"), (StatusKind.Failure, "failure") })
        {
            var expected = OracleCodes(verify, name);
            var actual = OurCodes(log, kind);
            Assert.AreEqual(string.Join(", ", expected), string.Join(", ", actual),
                $"{what}: {name} codes differ from c2pa-rs. Ours: {string.Join(" | ", log.Entries.Select(e => $"{e.Code} ({e.Explanation})"))}");
        }
    }

    private static bool InFamilies(string code) => Families.Any(f => code.StartsWith(f, StringComparison.Ordinal));
}
