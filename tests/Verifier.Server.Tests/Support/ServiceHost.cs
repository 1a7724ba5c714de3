using System.Net.Http.Headers;
using Verifier.Cli;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance;
using Verifier.Server;

namespace Verifier.Server.Tests.Support;

/// <summary>
/// The real service on a loopback port Kestrel picks, over a data folder, with the mean-colour model; clients talk HTTP to it.
/// Keys are made the way an operator makes them: through <c>verifier keys api create</c>, in-process.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly VerifierServer server;

    private ServiceHost(VerifierServer server)
    {
        this.server = server;
        BaseAddress = new Uri(server.Urls.Single());
    }

    public Uri BaseAddress { get; }

    public static async Task<ServiceHost> StartAsync(ServerOptions options) =>
        new(await VerifierServer.StartAsync(options with { Urls = "http://127.0.0.1:0" }));

    /// <summary>The mean-colour model of the scan tests (tile 32), written into <paramref name="folder"/>; returns its path.</summary>
    public static string WriteModel(TempFolder folder)
    {
        ColourModel.Load(folder, 32).Dispose();
        return folder.File("colour.onnx");
    }

    /// <summary>
    /// Runs <c>verifier keys api create --data DIR [--postgres CONN]</c> and returns the last line it printed: the key.
    /// </summary>
    public static string CreateKey(string dataFolder, string name = "test", string? postgres = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] arguments = postgres is null
            ? ["keys", "api", "create", "--data", dataFolder, "--name", name]
            : ["keys", "api", "create", "--data", dataFolder, "--postgres", postgres, "--name", name];
        var code = new CliApp(new CliContext(output, error, Reader.Validate, ansi: false)).Run(arguments);
        Assert.AreEqual(0, code, error.ToString());
        return output.ToString().TrimEnd().Split('\n')[^1].Trim();
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
