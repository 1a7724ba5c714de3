using System.Text.Json.Nodes;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// The time-stamp success codes of c2pa-rs and of Verifier for one file: <see cref="Agreement.AssertSame"/> compares
/// failures only, and a trusted stamp shows up as success codes.
/// </summary>
internal static class TimeStampCodes
{
    /// <summary>Both report timeStamp.validated and timeStamp.trusted when <paramref name="stamped"/>, neither reports any time-stamp success otherwise.</summary>
    public static void AssertAlike(JsonNode expected, ValidationResult actual, bool stamped)
    {
        List<string> wanted = stamped ? [ValidationCodes.TimeStampValidated, ValidationCodes.TimeStampTrusted] : [];
        var theirs = Agreement.Codes(expected["status"]?["success"]).Where(IsTimeStamp).Distinct().ToList();
        var ours = actual.Codes(StatusKind.Success).Where(IsTimeStamp).Distinct().ToList();
        CollectionAssert.AreEquivalent(wanted, theirs, "c2pa-rs: " + expected.ToJsonString());
        CollectionAssert.AreEquivalent(wanted, ours, "Verifier: " + Agreement.Describe(actual));
    }

    private static bool IsTimeStamp(string code) => code.StartsWith("timeStamp.", StringComparison.Ordinal);
}
