using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Runs <see cref="Reader.Validate"/> on one hostile file and checks the reader's contract: it returns (no exception
/// escapes) within a time bound, with a defined state, an error for Unreadable, and bounded allocation.
/// </summary>
internal static class ContractProbe
{
    /// <summary>Generous: a healthy read of these small files takes milliseconds; a hang or quadratic walk takes far longer.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);

    /// <summary>Far above what a file of a few MB needs, far below what an unchecked 32/64-bit length would ask for.</summary>
    public const long AllocationBound = 512L * 1024 * 1024;

    public static ValidationResult Check(string file, string what, VerifyOptions? options = null)
    {
        long allocated = 0;
        var run = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                return Reader.Validate(file, options);
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });

        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeBound))
        {
            Assert.Fail($"{what}: Reader.Validate did not return within {TimeBound.TotalSeconds} s (file kept at {file})");
        }

        if (run.IsFaulted)
        {
            var e = run.Exception!.InnerException!;
            Assert.Fail($"{what}: {e.GetType().Name} escaped Reader.Validate (file kept at {file}): {e}");
        }

        var result = run.Result;
        Assert.IsTrue(Enum.IsDefined(result.State), $"{what}: undefined state {result.State}");
        if (result.State == ValidationState.Unreadable)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(result.Error), $"{what}: Unreadable without an error");
            Assert.IsNotNull(result.ErrorKind, $"{what}: Unreadable without an error kind");
        }

        Assert.IsLessThan(AllocationBound, allocated, $"{what}: allocated {allocated} bytes");
        return result;
    }
}
