namespace Verifier.Server.Storage;

/// <summary>
/// A worker's hold on a running job. <see cref="Token"/> is a fencing token: every claim of the job takes the next number,
/// and the store writes a renewal or an outcome only under the job's latest token. A worker that stalled past its lease
/// (paused, starved, cut off) while another claimed the job therefore cannot write its late outcome over the other's.
/// </summary>
public sealed record JobClaim(string JobId, long Token);
