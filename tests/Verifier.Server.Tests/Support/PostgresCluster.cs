using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Verifier.Server.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for this test run (Debian's <c>postgresql</c> package): initdb into a temporary folder,
/// started on a free loopback port with its socket in that folder, on first use; stopped and deleted at the end of the run
/// (<see cref="TestServersCleanup"/>). PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// Each test takes a fresh database of its own (<see cref="NewDatabaseAsync"/>).
/// </summary>
internal sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string folder;
    private readonly string bin;

    private PostgresCluster(string folder, string bin, int port)
    {
        this.folder = folder;
        this.bin = bin;
        Port = port;
    }

    public int Port { get; }

    public static bool Started => Shared.IsValueCreated;

    public static PostgresCluster Instance => Shared.Value;

    /// <summary>A connection string for the cluster's superuser on database <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=30";

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var cluster = Instance;
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return cluster.ConnectionString(name);
    }

    public void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(folder, recursive: true);
    }

    private static PostgresCluster Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        Assert.IsNotNull(bin, "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); Debian: apt-get install -y postgresql");

        var folder = Directory.CreateTempSubdirectory("verifier-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var sockets = Path.Combine(folder, "sockets");
        Directory.CreateDirectory(sockets);
        if (Environment.IsPrivilegedProcess)
        {
            // The postgres user owns the cluster's folder (the temporary root above it is world-searchable).
            Run("chown", "postgres:postgres", sockets);
            Run("chown", "postgres:postgres", folder);
        }

        var port = LoopbackPort.Free();
        Run(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Run(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        return new PostgresCluster(folder, bin, port);
    }


    /// <summary>Runs a PostgreSQL tool (as the postgres user when we are root) and fails with its output when it fails.</summary>
    private static void Run(string tool, params string[] arguments)
    {
        var asPostgres = Environment.IsPrivilegedProcess && tool != "chown";
        var start = new ProcessStartInfo(asPostgres ? "runuser" : tool);
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", tool })
            {
                start.ArgumentList.Add(a);
            }
        }

        ToolRun.Checked(start, tool, arguments);
    }
}
