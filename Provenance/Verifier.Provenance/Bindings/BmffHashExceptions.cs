namespace Verifier.Provenance.Bindings;

/// <summary>Why a BMFF hash could not be computed or did not match (logged as <c>assertion.bmffHash.mismatch</c>).</summary>
public sealed class BmffHashException(string message) : Exception(message);

/// <summary>A BMFF hash whose structure is wrong (logged as <c>assertion.bmffHash.malformed</c>).</summary>
public sealed class BmffMalformedException(string message) : Exception(message);
