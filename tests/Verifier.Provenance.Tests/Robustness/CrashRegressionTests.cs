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
    /// <summary>A flip inside the time stamp's TSA certificate made its KeyUsage extension unparseable (CertificateParsingException).</summary>
    [TestMethod]
    [DataRow("boxhash.jpg", "54262:45,57895:8B,94068:7E,111337:87", ValidationState.Invalid)]
    public void EditedFixtureStoreGivesAResult(string fixture, string edits, ValidationState expected)
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
        Assert.AreEqual(expected, result.State, Interop.Agreement.Describe(result));
    }
}
