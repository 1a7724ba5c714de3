using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Server;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier worker --postgres CONN --rabbitmq URI [--model M.onnx] [--workers N] [--data DIR]</c>: scans the jobs API
/// replicas (<c>verifier serve</c> with the same database and broker) accept, until Ctrl+C or SIGTERM.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string of the service (as given to verifier serve)", Required = true, HelpName = "CONN" };
        var rabbitmq = new Option<string>("--rabbitmq") { Description = "RabbitMQ URI of the service (as given to verifier serve)", Required = true, HelpName = "URI" };
        var model = new Option<string?>("--model") { Description = $"Detector model (default: ${ModelLocation.EnvironmentVariable}, else {ModelLocation.DefaultRelative} beside verifier)", HelpName = "M.onnx" };
        var workers = new Option<int>("--workers") { Description = "Scans run at once (also the messages held unacknowledged)", DefaultValueFactory = _ => 1, HelpName = "N" };
        var data = new Option<string>("--data")
        {
            Description = "Local folder for the copies of uploads being scanned",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "verifier-worker"),
            HelpName = "DIR",
        };
        var lease = new Option<int>("--lease-seconds") { Description = "How long a job's claim holds unrenewed (a dead worker's job is taken over after it)", DefaultValueFactory = _ => 60, HelpName = "S" };
        var trust = new TrustOptions();
        var command = new Command("worker", "Scan the service's queued jobs (PostgreSQL + RabbitMQ), on this or any machine") { postgres, rabbitmq, model, workers, data, lease };
        trust.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new ServerOptions
            {
                DataFolder = parse.GetRequiredValue(data),
                Postgres = parse.GetRequiredValue(postgres),
                RabbitMq = parse.GetRequiredValue(rabbitmq),
                ModelPath = ModelLocation.Find(parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory),
                Workers = parse.GetValue(workers) is >= 1 and <= 64 and var n ? n : throw new UsageException("--workers: must be 1..64"),
                JobLease = TimeSpan.FromSeconds(parse.GetValue(lease)),
                Trust = trust.Settings(parse),
            };
            if (options.FindProblem() is { } problem)
            {
                throw new UsageException(problem);
            }

            await using var worker = await ServeCommand.StartAsync(() => ScanWorkerHost.StartAsync(options, ct)).ConfigureAwait(false);
            await context.Error.WriteLineAsync(
                $"verifier worker: {options.Workers} scanning from RabbitMQ; model {Printable.Clean(options.ModelPath)}. Ctrl+C stops.").ConfigureAwait(false);
            await worker.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Trusted;
        });
        return command;
    }
}
