namespace Verifier.Fuzz;

/// <summary>
/// One parser of untrusted input under fuzzing: <see cref="Parse"/> calls the real parsing code on the bytes, and
/// <see cref="IsDocumented"/> says which exceptions the parser's contract allows for bad input. Any other exception (or a
/// <see cref="ContractViolationException"/> from the target's own checks) is a crash.
/// </summary>
public sealed class FuzzTarget(string name, string description, Action<byte[]> parse, Func<Exception, bool> isDocumented)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>
    /// Runs the parser on <paramref name="input"/>: true when it gave a result, false when it refused the input the way
    /// its contract says it may. Anything else propagates (a crash).
    /// </summary>
    public bool Execute(byte[] input)
    {
        try
        {
            parse(input);
            return true;
        }
        catch (Exception e) when (isDocumented(e))
        {
            return false;
        }
    }

    /// <summary>For targets whose contract allows no exception at all.</summary>
    public static bool Never(Exception e) => false;
}

/// <summary>A parser returned, but with a result its contract rules out (e.g. Unreadable without a reason, a leftover file).</summary>
public sealed class ContractViolationException(string message) : Exception(message);
