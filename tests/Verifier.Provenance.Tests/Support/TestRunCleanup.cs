namespace Verifier.Provenance.Tests.Support;

/// <summary>Removes this test process's temp folder (oracle copy, signed and tampered files) when the run ends.</summary>
[TestClass]
public sealed class TestRunCleanup
{
    [AssemblyCleanup]
    public static void DeleteTempFiles()
    {
        if (Directory.Exists(Oracle.RunRoot))
        {
            Directory.Delete(Oracle.RunRoot, recursive: true);
        }
    }
}
