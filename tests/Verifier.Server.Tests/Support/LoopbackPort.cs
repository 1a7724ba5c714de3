using System.Net;
using System.Net.Sockets;

namespace Verifier.Server.Tests.Support;

internal static class LoopbackPort
{
    /// <summary>A loopback port nothing listens on (the OS picked it free a moment ago).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
