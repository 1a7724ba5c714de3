using System.Globalization;
using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Crashes the mutation sweeps found, replayed from their recorded edits (<c>offset:byte</c> in the fixture's manifest
/// store, validated as the external store of the fixture). Each once let an exception escape <see cref="Reader.Validate"/>.
/// </summary>
[TestClass]
public sealed class CrashRegressionTests
{
    /// <summary>
    /// Flips in the time stamp's TSA certificate: an unparseable KeyUsage extension (CertificateParsingException), a
    /// TBS field with the wrong tagging (InvalidOperationException from BouncyCastle's tagged-object cast). c2pa-rs cannot
    /// be asked about these stores (its external-store check ignores a store when the asset embeds one), so the contract
    /// is what is checked: a result, with the signature still reported.
    /// </summary>
    [TestMethod]
    [DataRow("boxhash.jpg", "54262:45,57895:8B,94068:7E,111337:87")]
    [DataRow("boxhash.jpg", "110519:CB,110792:C0,110950:5B")]
    public void EditedFixtureStoreGivesAResult(string fixture, string edits)
    {
        var asset = SharedFolder.Fixture(fixture);
        var store = SignedSamples.Locate(asset).Store!.Value.ToArray();
        foreach (var edit in edits.Split(','))
        {
            var (offset, value) = (edit.Split(':')[0], edit.Split(':')[1]);
            store[int.Parse(offset, CultureInfo.InvariantCulture)] = byte.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        var file = SignedSamples.NewPath("edited.c2pa");
        File.WriteAllBytes(file, store);
        var result = ContractProbe.Check(asset, $"{fixture} with {edits}", new VerifyOptions { ExternalManifestPath = file });
        Assert.IsNotEmpty(result.Statuses, Interop.Agreement.Describe(result));
        Assert.IsTrue(result.State is ValidationState.Valid or ValidationState.Invalid, Interop.Agreement.Describe(result));
    }
}
