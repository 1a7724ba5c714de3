using System.CommandLine;
using Microsoft.Data.Sqlite;
using Verifier.Cli.Output;
using Verifier.Detector.Model;
using Verifier.Server;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier serve --data DIR [--postgres CONN [--rabbitmq URI]] [--urls URL] [--model M.onnx] [--retain-days D] ...</c>: the screening service (API, job store
/// and blob store in DIR's SQLite and files, or in PostgreSQL shared with other replicas, background scan workers) until
/// Ctrl+C or SIGTERM.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Data folder: database, uploads, report pictures", Required = true, HelpName = "DIR" };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';' between URLs (port 0 picks a free port)",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
            HelpName = "URL",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string (Host=..;Database=..;Username=..): jobs and uploads shared by replicas; DIR then only stages files",
            HelpName = "CONN",
        };
        var rabbitmq = new Option<string?>("--rabbitmq")
        {
            Description = "RabbitMQ URI (amqp://user:pass@host:5672/): job ids go through its durable queue to any 'verifier worker' (needs --postgres)",
            HelpName = "URI",
        };
        var model = new Option<string?>("--model") { Description = $"Detector model (default: ${ModelLocation.EnvironmentVariable}, else {ModelLocation.DefaultRelative} beside verifier)", HelpName = "M.onnx" };
        var maxUpload = new Option<long>("--max-upload-mb") { Description = "Largest upload accepted (413 beyond it)", DefaultValueFactory = _ => 512, HelpName = "MB" };
        var workers = new Option<int>("--workers") { Description = "Scans run at once (0: accept and queue only)", DefaultValueFactory = _ => 2, HelpName = "N" };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per minute per API key (429 beyond it)", DefaultValueFactory = _ => 600, HelpName = "N" };
        var callbackAllow = new Option<string[]>("--callback-allow")
        {
            Description = "Hosts webhook callback URLs may name (*.example.com for subdomains); without it any host (see SECURITY.md: SSRF)",
            HelpName = "HOST",
            AllowMultipleArgumentsPerToken = true,
        };
        var minUploadRate = new Option<int>("--min-upload-rate")
        {
            Description = "Slowest upload accepted after a 10 s grace (408 and nothing kept below it; 0: no minimum)",
            DefaultValueFactory = _ => 1024,
            HelpName = "BYTES/S",
        };
        var headersTimeout = new Option<int>("--headers-timeout") { Description = "Time a client has to send a request's headers", DefaultValueFactory = _ => 30, HelpName = "S" };
        var retainDays = new Option<int>("--retain-days")
        {
            Description = "Days an ended scan, its upload and its report are kept (then deleted by an hourly sweep; 0: keep everything)",
            DefaultValueFactory = _ => 30,
            HelpName = "DAYS",
        };
        var trust = new TrustOptions();
        var command = new Command("serve", "Run the screening service (HTTP API + background scans) on this machine")
        {
            data, postgres, rabbitmq, urls, model, maxUpload, workers, rate, callbackAllow, minUploadRate, headersTimeout, retainDays,
        };
        trust.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var megabytes = parse.GetValue(maxUpload);
            var days = parse.GetValue(retainDays) is >= 0 and <= 36500 and var d ? d : throw new UsageException("--retain-days: must be 0..36500");
            var options = new ServerOptions
            {
                DataFolder = parse.GetRequiredValue(data),
                Postgres = parse.GetValue(postgres),
                RabbitMq = parse.GetValue(rabbitmq),
                ModelPath = ModelLocation.Find(parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory),
                Urls = parse.GetRequiredValue(urls),
                MaxUploadBytes = megabytes is > 0 and <= 1 << 20
                    ? megabytes * 1024 * 1024
                    : throw new UsageException($"--max-upload-mb {megabytes}: must be 1..{1 << 20}"),
                Workers = parse.GetValue(workers),
                RequestsPerMinute = parse.GetValue(rate),
                Trust = trust.Settings(parse),
                CallbackAllow = parse.GetValue(callbackAllow) ?? [],
                MinUploadBytesPerSecond = parse.GetValue(minUploadRate) is >= 0 and var r ? r : throw new UsageException("--min-upload-rate: must be 0 or more"),
                HeadersTimeout = parse.GetValue(headersTimeout) is >= 1 and <= 3600 and var h ? TimeSpan.FromSeconds(h) : throw new UsageException("--headers-timeout: must be 1..3600"),
                Retention = days == 0 ? null : TimeSpan.FromDays(days),
            };
            if (options.FindProblem() is { } problem)
            {
                throw new UsageException(problem);
            }

            await using var server = await StartAsync(() => VerifierServer.StartAsync(options, ct)).ConfigureAwait(false);
            await context.Error.WriteLineAsync(
                $"verifier serve: listening on {string.Join(' ', server.Urls)}; " +
                (options.Postgres is null ? $"data in {Printable.Clean(Path.GetFullPath(options.DataFolder))}; " : "data in PostgreSQL; ") +
                $"model {Printable.Clean(options.ModelPath)}; the web page is at {server.Urls[0]}/. Ctrl+C stops.").ConfigureAwait(false);
            await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Trusted;
        });
        return command;
    }

    /// <summary>Starts the service (or a worker); a model, address, data folder, database or broker it cannot use is a usage error naming the problem.</summary>
    internal static async Task<T> StartAsync<T>(Func<Task<T>> start)
    {
        try
        {
            return await start().ConfigureAwait(false);
        }
        catch (DetectorModelException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or Npgsql.NpgsqlException or ArgumentException
                                   or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            // An address in use, a data folder that cannot be written, a database that is not ours or cannot be reached, a
            // connection string Npgsql cannot read, or a broker that does not answer.
            throw new UsageException($"cannot start the service: {e.Message}");
        }
    }
}
