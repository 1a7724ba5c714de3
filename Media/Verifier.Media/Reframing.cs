namespace Verifier.Media;

/// <summary>
/// A centred crop to <see cref="Crop"/> followed by a resize to exactly <see cref="Output"/>: corpus normalisation uses it
/// to give every file an aspect and size drawn from one fixed set, whatever the source was.
/// </summary>
public sealed record Reframing(FrameSize Crop, FrameSize Output);
