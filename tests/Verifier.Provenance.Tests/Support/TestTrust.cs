using Verifier.Provenance.Certificates;

namespace Verifier.Provenance.Tests.Support;

/// <summary>Trust settings for tests, from PEM bundles.</summary>
internal static class TestTrust
{
    public static TrustSettings Anchors(string pemPath) => TrustSettingsLoader.FromPemFiles(anchorsPem: pemPath);
}
