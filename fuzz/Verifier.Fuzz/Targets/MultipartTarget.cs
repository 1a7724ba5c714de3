using System.Text;
using Microsoft.AspNetCore.Http;
using Verifier.Server.Api;
using Verifier.Server.Storage;

namespace Verifier.Fuzz.Targets;

/// <summary>
/// The server's upload reader (<see cref="UploadReceiver"/>) over an in-memory request. The input's first line is the
/// Content-Type header (so the boundary is fuzzed too), the rest is the body. A refusal must be an ApiRefusal, and no
/// staged file may be left behind whatever happens: the one a successful read returns is checked and deleted here.
/// </summary>
public static class MultipartTarget
{
    private const long MaxFileBytes = 1 << 20;
    private static readonly IReadOnlySet<string> TextFields = new HashSet<string>(StringComparer.Ordinal) { ScanEndpoints.CallbackField };

    private static readonly Lazy<(string Folder, FileBlobStore Blobs)> Store = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), $"verifier-fuzz-uploads-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return (folder, new FileBlobStore(folder));
    });

    public static FuzzTarget Receive { get; } = new("multipart", "UploadReceiver.ReceiveAsync over a multipart/form-data body", input =>
    {
        int newline = Array.IndexOf(input, (byte)'\n');
        var contentType = Encoding.Latin1.GetString(input, 0, newline < 0 ? input.Length : newline).TrimEnd('\r');
        var body = newline < 0 ? [] : input[(newline + 1)..];
        var http = new DefaultHttpContext();
        http.Request.ContentType = contentType;
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body, writable: false);
        var (folder, blobs) = Store.Value;
        try
        {
            var upload = UploadReceiver.ReceiveAsync(http.Request, blobs, MaxFileBytes, TextFields, CancellationToken.None)
                .GetAwaiter().GetResult();
            var size = new FileInfo(upload.StagedPath).Length;
            File.Delete(upload.StagedPath);
            if (size != upload.Size || upload.FileName.Length == 0 || upload.FileName.Contains('/') || upload.FileName.Contains('\\'))
            {
                throw new ContractViolationException($"upload of {size} bytes reported as {upload.Size}, named '{upload.FileName}'");
            }
        }
        finally
        {
            if (Directory.EnumerateFiles(Path.Combine(folder, "tmp")).Any())
            {
                throw new ContractViolationException("a staged upload file was left behind");
            }
        }
    }, e => e is ApiRefusal);
}
