using Verifier.Cli;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance;

namespace Verifier.Server.Tests;

/// <summary><c>verifier serve</c> and <c>verifier keys api create</c> as the command line runs them.</summary>
[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public void ServeWithAMissingModelIsAUsageErrorNamingIt()
    {
        using var folder = new TempFolder();
        var missing = folder.File("nowhere.onnx");

        var (code, _, error) = Run("serve", "--data", folder.File("data"), "--model", missing);

        Assert.AreEqual(ExitCodes.Usage, code);
        Assert.Contains($"--model {missing}: no such file", error);
    }

    [TestMethod]
    public void ServeWithAModelWithoutItsCardSaysSo()
    {
        using var folder = new TempFolder();
        var model = folder.File("bare.onnx");
        File.WriteAllBytes(model, TinyModels.MeanColourLogit(8, [1, 1, 1], 0));

        var (code, _, error) = Run("serve", "--data", folder.File("data"), "--model", model, "--urls", "http://127.0.0.1:0");

        Assert.AreEqual(ExitCodes.Usage, code, error);
        Assert.Contains("bare.json", error);
    }

    [TestMethod]
    public void ServeWithACallbackAllowEntryThatIsNoHostIsAUsageError()
    {
        using var folder = new TempFolder();
        ColourModel.Load(folder, 32).Dispose();

        var (code, _, error) = Run(
            "serve", "--data", folder.File("data"), "--model", folder.File("colour.onnx"), "--urls", "http://127.0.0.1:0",
            "--callback-allow", "hooks.example.org", "not a host/");

        Assert.AreEqual(ExitCodes.Usage, code, error);
        Assert.Contains("callback allow: 'not a host/' is not a host name or address", error);
    }

    [TestMethod]
    public void ServeOnADataFolderWhoseDatabaseIsNotADatabaseSaysSo()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "verifier.db"), new string('x', 4096));
        ColourModel.Load(folder, 32).Dispose();

        var (code, _, error) = Run("serve", "--data", data, "--model", folder.File("colour.onnx"), "--urls", "http://127.0.0.1:0");

        Assert.AreEqual(ExitCodes.Usage, code, error);
        Assert.Contains("cannot start the service", error);
    }

    [TestMethod]
    [DataRow("--retain-days", "-1", "--retain-days: must be 0..36500")]
    [DataRow("--min-upload-rate", "-5", "--min-upload-rate: must be 0 or more")]
    [DataRow("--headers-timeout", "0", "--headers-timeout: must be 1..3600")]
    public void ServeWithASlowClientOrRetentionLimitOutOfRangeIsAUsageError(string option, string value, string message)
    {
        using var folder = new TempFolder();
        ColourModel.Load(folder, 32).Dispose();

        var (code, _, error) = Run("serve", "--data", folder.File("data"), "--model", folder.File("colour.onnx"), "--urls", "http://127.0.0.1:0", option, value);

        Assert.AreEqual(ExitCodes.Usage, code, error);
        Assert.Contains(message, error);
    }

    [TestMethod]
    public void KeysApiCreatePrintsADistinctKeyOnItsLastLine()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");

        var first = Run("keys", "api", "create", "--data", data, "--name", "newsroom");
        var second = Run("keys", "api", "create", "--data", data);

        Assert.AreEqual((0, 0), (first.Code, second.Code), first.Error + second.Error);
        var keys = new[] { first.Output, second.Output }.Select(o => o.TrimEnd().Split('\n')[^1]).ToList();
        Assert.AreNotEqual(keys[0], keys[1]);
        Assert.IsTrue(keys.All(k => k.StartsWith("vk_", StringComparison.Ordinal) && k.Length > 40), string.Join(' ', keys));
        Assert.Contains("(newsroom)", first.Output);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new CliApp(new CliContext(output, error, Reader.Validate, ansi: false)).Run(args);
        return (code, output.ToString(), error.ToString());
    }
}
