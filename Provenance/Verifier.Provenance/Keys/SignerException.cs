namespace Verifier.Provenance.Keys;

/// <summary>
/// A signer cannot be set up or cannot sign: an unreadable or mismatched key, an algorithm that does not fit it, a
/// remote signer that failed, or development keys that would be overwritten. The message names the problem for the user.
/// </summary>
public sealed class SignerException(string message, Exception? inner = null) : Exception(message, inner);
