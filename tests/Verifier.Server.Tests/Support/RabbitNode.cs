using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Verifier.Server.Tests.Support;

/// <summary>
/// A private RabbitMQ node for this test run (Debian's <c>rabbitmq-server</c>, not the system service): its own node name,
/// AMQP, distribution and epmd ports, database, logs and Erlang cookie in a temporary folder, started on first use and
/// stopped (node and its epmd) and deleted at the end of the run (<see cref="TestServersCleanup"/>).
/// </summary>
internal sealed class RabbitNode
{
    private const string Bin = "/usr/lib/rabbitmq/bin";

    private static readonly Lazy<RabbitNode> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string folder;
    private readonly Dictionary<string, string> environment;
    private readonly Process server;

    private RabbitNode(string folder, Dictionary<string, string> environment, Process server, int port)
    {
        this.folder = folder;
        this.environment = environment;
        this.server = server;
        Uri = $"amqp://guest:guest@127.0.0.1:{port}/";
    }

    public static bool Started => Shared.IsValueCreated;

    public static RabbitNode Instance => Shared.Value;

    /// <summary>The AMQP URI of the node (the guest user, which RabbitMQ admits from loopback only).</summary>
    public string Uri { get; }

    /// <summary>A fresh virtual host for one test (its own queues), as an AMQP URI.</summary>
    public static string NewVirtualHost()
    {
        var node = Instance;
        var name = "t" + Guid.NewGuid().ToString("N");
        node.Run("rabbitmqctl", "-n", node.environment["RABBITMQ_NODENAME"], "add_vhost", name);
        node.Run("rabbitmqctl", "-n", node.environment["RABBITMQ_NODENAME"], "set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return node.Uri + name;
    }

    public void Stop()
    {
        Run("rabbitmqctl", "-n", environment["RABBITMQ_NODENAME"], "stop");
        server.WaitForExit(30_000);
        server.Dispose();
        Run("/usr/bin/epmd", "-port", environment["ERL_EPMD_PORT"], "-kill");
        Directory.Delete(folder, recursive: true);
    }

    private static RabbitNode Start()
    {
        Assert.IsTrue(File.Exists(Path.Combine(Bin, "rabbitmq-server")), "RabbitMQ is not installed; Debian: apt-get install -y rabbitmq-server");
        var folder = Directory.CreateTempSubdirectory("verifier-rmq-").FullName;
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[].");
        var port = LoopbackPort.Free();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder, // the Erlang cookie goes here, not into the user's home
            ["RABBITMQ_NODENAME"] = $"verifier{port}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
        };
        var start = new ProcessStartInfo(Path.Combine(Bin, "rabbitmq-server")) { UseShellExecute = false, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var node = new RabbitNode(folder, environment, server, port);
        node.Run("rabbitmqctl", "-n", environment["RABBITMQ_NODENAME"], "wait", "--timeout", "90", environment["RABBITMQ_PID_FILE"]);
        return node;
    }


    private void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool.StartsWith('/') ? tool : Path.Combine(Bin, tool)) { WorkingDirectory = folder };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        ToolRun.Checked(start, tool, arguments);
    }
}
