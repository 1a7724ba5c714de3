using System.CommandLine;
using Verifier.Cli.Bench;
using Verifier.Server;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench serve [--uploads N] [--clients C] [--size KB] [--workers W]</c>: the service started in this process on
/// loopback over a temporary data folder, N uploads of distinct random bytes sent from C keep-alive clients, then accepted
/// uploads/s, latency percentiles, and a check that every id given is in the store. Workers are off by default, so the
/// figure is the API's acceptance rate (receive, hash, store, queue); scans would compete for the same cores.
/// </summary>
public static class BenchServeCommand
{
    public static Command Create(CliContext context)
    {
        var uploads = new Option<int>("--uploads") { Description = "Uploads to send", DefaultValueFactory = _ => 2000, HelpName = "N" };
        var clients = new Option<int>("--clients") { Description = "Keep-alive clients sending at once", DefaultValueFactory = _ => 16, HelpName = "C" };
        var size = new Option<int>("--size") { Description = "Size of each upload", DefaultValueFactory = _ => 16, HelpName = "KB" };
        var workers = new Option<int>("--workers") { Description = "Scan workers running meanwhile (0: accept and queue only)", DefaultValueFactory = _ => 0, HelpName = "W" };
        var model = new Option<string?>("--model") { Description = "Detector model the service loads (default: as for scan)", HelpName = "M.onnx" };
        var command = new Command("serve", "Upload acceptance rate and latency of the service on loopback") { uploads, clients, size, workers, model };
        command.SetAction(async (parse, ct) =>
        {
            var (n, c, kb, w) = (parse.GetValue(uploads), parse.GetValue(clients), parse.GetValue(size), parse.GetValue(workers));
            var problem = n is < 1 or > 1_000_000 ? $"--uploads {n}: must be 1..1000000"
                : c is < 1 or > 1024 ? $"--clients {c}: must be 1..1024"
                : kb is < 1 or > 64 * 1024 ? $"--size {kb}: must be 1..65536 KB"
                : null;
            if (problem is not null)
            {
                throw new UsageException(problem);
            }

            var modelPath = ModelLocation.Find(parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var data = Directory.CreateTempSubdirectory("verifier-bench-serve-").FullName;
            try
            {
                var options = new ServerOptions
                {
                    DataFolder = data, ModelPath = modelPath, Urls = "http://127.0.0.1:0", Workers = w, RequestsPerMinute = int.MaxValue,
                    MaxUploadBytes = (kb + 1) * 1024L,
                };
                if (options.FindProblem() is { } bad)
                {
                    throw new UsageException(bad);
                }

                var key = (await ServiceKeys.CreateAsync(data, "bench", ct).ConfigureAwait(false)).Key;
                await using var server = await ServeCommand.StartAsync(() => VerifierServer.StartAsync(options, ct)).ConfigureAwait(false);
                var load = new UploadLoad(new Uri(server.Urls[0]), key, c, kb * 1024);
                // A short untimed run first: connections, JIT and the database's first pages, which a running service has paid.
                var warm = await load.RunAsync(Math.Min(n, Math.Max(c, 50)), ct).ConfigureAwait(false);
                var result = await load.RunAsync(n, ct).ConfigureAwait(false);

                var jobs = new SqlJobStore(SqliteDatabase.Open(data));
                var missing = 0;
                foreach (var id in result.Ids.Concat(warm.Ids))
                {
                    missing += await jobs.FindAsync(id, ct).ConfigureAwait(false) is null ? 1 : 0;
                }

                context.Output.WriteLine($"service: {server.Urls[0]}, workers {(w == 0 ? "off (uploads accepted and queued, none scanned)" : $"on ({w}, scanning while uploads arrive)")}; " +
                                         $"{Environment.ProcessorCount} cores visible (taskset -c 0,1 for a 2-core figure)");
                context.Output.WriteLine($"uploads: {n} of {kb} KB from {c} keep-alive clients in {result.Elapsed.TotalSeconds:F2} s");
                context.Output.WriteLine($"accepted: {result.Ids.Count} ({result.AcceptedPerSecond:F0} uploads/s), refused or failed: {result.Failures.Count}" +
                                         (result.Failures.Count > 0 ? $" (first: {result.Failures[0]})" : string.Empty));
                context.Output.WriteLine($"latency: p50 {result.Percentile(50):F1} ms, p95 {result.Percentile(95):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.LatenciesMs[^1]:F1} ms");
                context.Output.WriteLine(missing == 0
                    ? $"lost: none (all {result.Ids.Count + warm.Ids.Count} ids, warm-up included, found in the store)"
                    : $"lost: {missing} ids given but not found in the store");
                return missing == 0 && result.Failures.Count == 0 ? ExitCodes.Trusted : ExitCodes.Invalid;
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        });
        return command;
    }
}
