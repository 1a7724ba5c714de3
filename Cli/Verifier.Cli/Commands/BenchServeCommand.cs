using System.CommandLine;
using Verifier.Cli.Bench;
using Verifier.Server;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench serve [--uploads N] [--clients C] [--size KB] [--workers W] [--postgres CONN --rabbitmq URI
/// [--drain-workers D]]</c>: the service started in this process on loopback, N uploads of distinct random pictures sent
/// from C keep-alive clients, then accepted uploads/s, latency percentiles, and a check that none was lost. Workers are
/// off by default, so the figure is the API's acceptance rate (receive, hash, store, queue); scans would compete for the
/// same cores. Over SQLite (a temporary data folder) every id given must be in the store; over PostgreSQL + RabbitMQ an
/// in-process <c>verifier worker</c> then drains the queue and every id given must reach done.
/// </summary>
public static class BenchServeCommand
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(30);

    public static Command Create(CliContext context)
    {
        var uploads = new Option<int>("--uploads") { Description = "Uploads to send", DefaultValueFactory = _ => 2000, HelpName = "N" };
        var clients = new Option<int>("--clients") { Description = "Keep-alive clients sending at once", DefaultValueFactory = _ => 16, HelpName = "C" };
        var size = new Option<int>("--size") { Description = "Size of each upload", DefaultValueFactory = _ => 16, HelpName = "KB" };
        var workers = new Option<int>("--workers") { Description = "Scan workers running meanwhile (0: accept and queue only)", DefaultValueFactory = _ => 0, HelpName = "W" };
        var model = new Option<string?>("--model") { Description = "Detector model the service loads (default: as for scan)", HelpName = "M.onnx" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (a database for the bench alone: its jobs stay there)", HelpName = "CONN" };
        var rabbitmq = new Option<string?>("--rabbitmq") { Description = "RabbitMQ URI (with --postgres)", HelpName = "URI" };
        var drain = new Option<int>("--drain-workers") { Description = "With --rabbitmq: scans at once of the worker that drains the queue after the load", DefaultValueFactory = _ => 2, HelpName = "D" };
        var command = new Command("serve", "Upload acceptance rate and latency of the service on loopback") { uploads, clients, size, workers, model, postgres, rabbitmq, drain };
        command.SetAction(async (parse, ct) =>
        {
            var (n, c, kb, w, d) = (parse.GetValue(uploads), parse.GetValue(clients), parse.GetValue(size), parse.GetValue(workers), parse.GetValue(drain));
            var (pg, mq) = (parse.GetValue(postgres), parse.GetValue(rabbitmq));
            var problem = n is < 1 or > 1_000_000 ? $"--uploads {n}: must be 1..1000000"
                : c is < 1 or > 1024 ? $"--clients {c}: must be 1..1024"
                : kb is < 1 or > 64 * 1024 ? $"--size {kb}: must be 1..65536 KB"
                : d is < 1 or > 64 ? $"--drain-workers {d}: must be 1..64"
                : (pg is null) != (mq is null) ? "--postgres and --rabbitmq: give both (the bench measures the scaled-out service) or neither"
                : null;
            if (problem is not null)
            {
                throw new UsageException(problem);
            }

            var data = Directory.CreateTempSubdirectory("verifier-bench-serve-").FullName;
            try
            {
                var options = new ServerOptions
                {
                    DataFolder = data,
                    ModelPath = ModelLocation.Find(parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory),
                    Urls = "http://127.0.0.1:0", Workers = w, RequestsPerMinute = int.MaxValue, MaxUploadBytes = (kb + 1) * 1024L, Postgres = pg, RabbitMq = mq,
                };
                if (options.FindProblem() is { } bad)
                {
                    throw new UsageException(bad);
                }

                var key = (await ServeCommand.StartAsync(() => ServiceKeys.CreateAsync(data, "bench", ct, pg)).ConfigureAwait(false)).Key;
                LoadResult warm, result;
                string url;
                await using (var server = await ServeCommand.StartAsync(() => VerifierServer.StartAsync(options, ct)).ConfigureAwait(false))
                {
                    url = server.Urls[0];
                    var load = new UploadLoad(new Uri(url), key, c, kb * 1024);
                    // A short untimed run first: connections, JIT and the database's first pages, which a running service has paid.
                    warm = await load.RunAsync(Math.Min(n, Math.Max(c, 50)), ct).ConfigureAwait(false);
                    result = await load.RunAsync(n, ct).ConfigureAwait(false);
                }

                var where = pg is null ? "SQLite in a temporary data folder" : "PostgreSQL + RabbitMQ";
                context.Output.WriteLine($"service: {url}, {where}, workers {(w == 0 ? "off (uploads accepted and queued, none scanned)" : $"on ({w}, scanning while uploads arrive)")}; " +
                                         $"{Environment.ProcessorCount} cores visible (taskset -c 0,1 for a 2-core figure)");
                context.Output.WriteLine($"uploads: {n} of {kb} KB from {c} keep-alive clients in {result.Elapsed.TotalSeconds:F2} s");
                context.Output.WriteLine($"accepted: {result.Ids.Count} ({result.AcceptedPerSecond:F0} uploads/s), refused or failed: {result.Failures.Count}" +
                                         (result.Failures.Count > 0 ? $" (first: {result.Failures[0]})" : string.Empty));
                context.Output.WriteLine($"latency: p50 {result.Percentile(50):F1} ms, p95 {result.Percentile(95):F1} ms, p99 {result.Percentile(99):F1} ms, max {result.LatenciesMs[^1]:F1} ms");
                var ids = result.Ids.Concat(warm.Ids).ToList();
                var lost = pg is null
                    ? await CheckStoredAsync(context, data, ids, ct).ConfigureAwait(false)
                    : await DrainAsync(context, options with { Workers = d }, ids, ct).ConfigureAwait(false);
                return lost == 0 && result.Failures.Count == 0 ? ExitCodes.Trusted : ExitCodes.Invalid;
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        });
        return command;
    }

    /// <summary>Every id given is a job in the data folder's store; returns how many are not.</summary>
    private static async Task<int> CheckStoredAsync(CliContext context, string data, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var database = await IStoreDatabase.OpenAsync(data, null, ct).ConfigureAwait(false);
        var jobs = new SqlJobStore(database);
        var missing = 0;
        foreach (var id in ids)
        {
            missing += await jobs.FindAsync(id, ct).ConfigureAwait(false) is null ? 1 : 0;
        }

        context.Output.WriteLine(missing == 0
            ? $"lost: none (all {ids.Count} ids, warm-up included, found in the store)"
            : $"lost: {missing} ids given but not found in the store");
        return missing;
    }

    /// <summary>
    /// Starts a worker (as <c>verifier worker</c> does) on the queue the uploads went to and waits until every id given is
    /// done; returns how many are not (failed, missing, or still waiting after <see cref="DrainLimit"/>).
    /// </summary>
    private static async Task<int> DrainAsync(CliContext context, ServerOptions options, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var database = await IStoreDatabase.OpenAsync(options.DataFolder, options.Postgres, ct).ConfigureAwait(false);
        var jobs = new SqlJobStore(database);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var waiting = new HashSet<string>(ids, StringComparer.Ordinal);
        var (failed, missing) = (0, 0);
        await using (await ServeCommand.StartAsync(() => ScanWorkerHost.StartAsync(options, ct)).ConfigureAwait(false))
        {
            while (waiting.Count > 0 && started.Elapsed < DrainLimit)
            {
                foreach (var id in waiting.ToList())
                {
                    var job = await jobs.FindAsync(id, ct).ConfigureAwait(false);
                    if (job is null or { Status: ScanStatus.Done or ScanStatus.Failed })
                    {
                        waiting.Remove(id);
                        failed += job?.Status == ScanStatus.Failed ? 1 : 0;
                        missing += job is null ? 1 : 0;
                    }
                }

                if (waiting.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                }
            }
        }

        var done = ids.Count - failed - missing - waiting.Count;
        context.Output.WriteLine($"drained: {done} of {ids.Count} ids (warm-up included) done in {started.Elapsed.TotalSeconds:F1} s by one worker scanning {options.Workers} at once " +
                                 $"({done / started.Elapsed.TotalSeconds:F1} scans/s)");
        context.Output.WriteLine(done == ids.Count
            ? "lost: none (every id given reached done)"
            : $"lost: {missing} not in the store, {failed} failed, {waiting.Count} not done after {DrainLimit.TotalMinutes:F0} min");
        return ids.Count - done;
    }
}
