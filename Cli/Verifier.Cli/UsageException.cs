namespace Verifier.Cli;

/// <summary>A mistake in how the command was called (exit 64): the message is shown to the user as it is.</summary>
public sealed class UsageException(string message) : Exception(message);
