namespace Verifier.Media;

/// <summary>
/// The one ffmpeg that decodes a plan's single keyframes together failed or gave fewer frames than asked for, so which
/// frame belongs to which run is unknown. The frames it handed over must be discarded and the plan decoded again with
/// one ffmpeg per run (<see cref="VideoDecoder"/> with grouping off), which fails or comes short run by run.
/// </summary>
public sealed class KeyframeGroupException(string message, Exception? inner = null) : Exception(message, inner);
