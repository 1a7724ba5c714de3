namespace Verifier.Media;

/// <summary>
/// Runs one tool process to completion under the tools' timeout: the body talks to its pipes, then a non-zero exit becomes
/// a <see cref="MediaException"/> naming the file and quoting the tool. On timeout or cancellation the tree is killed.
/// </summary>
internal static class ToolRun
{
    public static async Task<T> RunAsync<T>(
        FfmpegTools tools,
        string executable,
        IReadOnlyList<string> arguments,
        string mediaPath,
        MediaErrorKind failureKind,
        bool writesInput,
        Func<ToolProcess, CancellationToken, Task<T>> body,
        CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(tools.Timeout);
        using var process = ToolProcess.Start(executable, arguments, writesInput);
        using var killer = process.KillOn(limit.Token);
        try
        {
            T? result = default;
            IOException? brokenPipe = null;
            try
            {
                result = await body(process, limit.Token).ConfigureAwait(false);
            }
            catch (IOException e) when (!limit.IsCancellationRequested)
            {
                // The tool stopped early; its exit code and stderr below say why.
                brokenPipe = e;
            }

            var exitCode = await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            if (exitCode != 0 || brokenPipe is not null)
            {
                var what = exitCode != 0 ? $"exit code {exitCode}" : $"its pipe broke ({brokenPipe!.Message})";
                throw Failure(failureKind, process, mediaPath, what);
            }

            return result!;
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is not OperationCanceledException)
        {
            // The kill on cancel surfaces as a broken pipe or a short read; report it as the cancellation it is.
            throw new OperationCanceledException("cancelled", e, cancellation);
        }
        catch (Exception e) when (limit.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // Whatever failed once the time limit fired (a short read, a broken pipe) is the kill's doing.
            throw new MediaException(
                MediaErrorKind.Timeout,
                $"{mediaPath}: {process.ToolName} did not finish within {tools.Timeout.TotalSeconds:0.#} s and was stopped.",
                e);
        }
    }

    public static MediaException Failure(MediaErrorKind kind, ToolProcess process, string mediaPath, string what)
    {
        var verb = kind == MediaErrorKind.UnreadableMedia ? "could not read it (unsupported or corrupt media)" : "failed";
        return new MediaException(kind, $"{mediaPath}: {process.ToolName} {verb}, {what}: {process.StderrTail()}");
    }
}
