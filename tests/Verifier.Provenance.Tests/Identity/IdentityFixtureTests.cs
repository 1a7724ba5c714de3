using Verifier.Provenance.Claims;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Identity;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Identity;

/// <summary>c2pa-rs's CAWG identity fixtures: the cawg.* codes must equal what c2pa-rs reports, kind by kind and in order.</summary>
[TestClass]
public sealed class IdentityFixtureTests
{
    private static (CborNode Assertion, string Url, IdentityContext Context) Load(string fixture)
    {
        var storePath = Path.Combine(Oracle.TempDir(), "store.c2pa");
        Oracle.Instance.Run("jumbf.mjs", [SharedFolder.Fixture(fixture), "--out", storePath]);
        var manifest = JumbfReader.ParseStore(File.ReadAllBytes(storePath)).Children.Last(c => c.IsSuperbox);
        var claimBox = manifest.Child("c2pa.claim.v2") ?? manifest.Child("c2pa.claim")!;
        var claim = CborNode.Decode(claimBox.Content!.Payload);
        var references = new[] { "assertions", "created_assertions", "gathered_assertions" }
            .SelectMany(key => claim[key]?.Items ?? [])
            .Select(r => new HashedUri(r["url"]!.Text!, r["alg"]?.Text, r["hash"]!.Bytes!.Value))
            .ToList();
        var box = manifest.Child("c2pa.assertions")!.Child("cawg.identity")!;
        return (CborNode.Decode(box.Content!.Payload), $"self#jumbf=/c2pa/{manifest.Label}/c2pa.assertions/cawg.identity",
            new IdentityContext { ClaimAssertions = references });
    }

    [TestMethod]
    [DataRow("identity/validation_method/extra_field.jpg")]
    [DataRow("identity/validation_method/duplicate_assertion_reference.jpg")]
    [DataRow("identity/validation_method/extra_assertion_claim_v1.jpg")]
    [DataRow("identity/validation_method/invalid_sig_type.jpg")]
    [DataRow("identity/validation_method/no_hard_binding.jpg")]
    [DataRow("identity/validation_method/pad1_invalid.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/success.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/valid_time_stamp.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/valid_until_in_past.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/invalid_cose_sign1.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/invalid_vc.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/missing_vc.jpg")]
    [DataRow("identity/claim_aggregation/ica_validation/signature_mismatch.jpg")]
    public void IdentityCodesMatchC2paRs(string fixture)
    {
        var verify = Oracle.Instance.Verify(SharedFolder.Fixture(fixture), "--trust", SharedFolder.Fixture("test-roots.pem"));
        var (assertion, url, context) = Load(fixture);
        var log = new StatusLog();
        IdentityAssertionValidator.Validate(assertion, url, context, log);

        foreach (var (kind, name) in new[] { (StatusKind.Success, "success"), (StatusKind.Informational, "informational"), (StatusKind.Failure, "failure") })
        {
            var expected = verify["status"]![name]!.AsArray().Select(c => c!.GetValue<string>()).Where(c => c.StartsWith("cawg.", StringComparison.Ordinal));
            var actual = log.Entries.Where(e => e.Kind == kind).Select(e => e.Code);
            Assert.AreEqual(string.Join(", ", expected), string.Join(", ", actual),
                $"{fixture} {name}: {string.Join(" | ", log.Entries.Select(e => $"{e.Code} ({e.Explanation})"))}");
        }

        Assert.IsTrue(log.Entries.All(e => e.Url == url));
    }
}
