namespace Verifier.Provenance.Signing;

/// <summary>An encoded thumbnail image (e.g. <c>image/jpeg</c>) to embed as the claim thumbnail.</summary>
public sealed record Thumbnail(string MediaType, byte[] Bytes);
