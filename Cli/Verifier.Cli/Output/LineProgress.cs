namespace Verifier.Cli.Output;

/// <summary>Writes each progress line as it comes (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
internal sealed class LineProgress(TextWriter output) : IProgress<string>
{
    public void Report(string value) => output.WriteLine(value);
}
