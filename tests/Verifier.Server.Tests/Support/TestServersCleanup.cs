namespace Verifier.Server.Tests.Support;

/// <summary>Stops and deletes the run's PostgreSQL cluster and RabbitMQ node, those a test started.</summary>
[TestClass]
public sealed class TestServersCleanup
{
    [AssemblyCleanup]
    public static void StopServers()
    {
        if (RabbitNode.Started)
        {
            RabbitNode.Instance.Stop();
        }

        if (PostgresCluster.Started)
        {
            PostgresCluster.Instance.Stop();
        }
    }
}
