using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Verifier.Server.Storage;

namespace Verifier.Server.Api;

/// <summary>
/// Reads a <c>multipart/form-data</c> request as it arrives: the <c>file</c> part is written straight into a staging file
/// while it is hashed (never held in memory), short text fields are read into memory, and a body beyond the size cap is
/// refused with 413. The caller owns the staged file and deletes it (or moves it into the blob store).
/// </summary>
internal static class UploadReceiver
{
    public const string FilePart = "file";

    // Room for the multipart framing and the text fields around the file.
    private const long FramingAllowance = 64 * 1024;
    private const int MaxFieldChars = 4096;

    public static async Task<ReceivedUpload> ReceiveAsync(
        HttpRequest request, IBlobStore blobs, long maxFileBytes, IReadOnlySet<string> textFields, CancellationToken ct)
    {
        var maxBody = maxFileBytes + FramingAllowance;
        if (request.ContentLength > maxBody)
        {
            throw TooLarge(maxFileBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }

        // The reader's own default caps a part at 128 MB; the server's cap is the one that counts.
        var reader = new MultipartReader(Boundary(request.ContentType), request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = maxBody };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? staged = null;
        try
        {
            FileDigest? file = null;
            string? fileName = null;
            try
            {
                for (var section = await FromBodyAsync(() => reader.ReadNextSectionAsync(ct)).ConfigureAwait(false); section is not null;
                     section = await FromBodyAsync(() => reader.ReadNextSectionAsync(ct)).ConfigureAwait(false))
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                        || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new ApiRefusal(StatusCodes.Status400BadRequest, "every multipart part needs Content-Disposition: form-data; name=...");
                    }

                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                    if (name == FilePart && FileNameOf(disposition) is { } rawFileName)
                    {
                        if (staged is not null)
                        {
                            throw new ApiRefusal(StatusCodes.Status400BadRequest, "send one 'file' part per request");
                        }

                        staged = blobs.NewStagingPath();
                        fileName = UploadNames.Clean(rawFileName);
                        file = await CopyAsync(section.Body, staged, maxFileBytes, ct).ConfigureAwait(false);
                    }
                    else if (textFields.Contains(name))
                    {
                        fields[name] = await ReadFieldAsync(section.Body, name, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own body limit (413), its minimum data rate (408) or a malformed body (400).
                throw new ApiRefusal(e.StatusCode, e.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => TooLarge(maxFileBytes).Message,
                    StatusCodes.Status408RequestTimeout => "the upload arrived slower than this server's minimum data rate; nothing was kept",
                    _ => $"bad request body: {e.Message}",
                });
            }
            catch (InvalidDataException e)
            {
                throw new ApiRefusal(StatusCodes.Status400BadRequest, $"malformed multipart body: {e.Message}");
            }

            if (file is null || staged is null || fileName is null)
            {
                throw new ApiRefusal(StatusCodes.Status400BadRequest, "no 'file' part: send the file as multipart/form-data field 'file' with a file name");
            }

            var upload = new ReceivedUpload(staged, fileName, file.Sha256, file.Size, fields);
            staged = null;
            return upload;
        }
        finally
        {
            if (staged is not null)
            {
                File.Delete(staged);
            }
        }
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiRefusal(StatusCodes.Status415UnsupportedMediaType, "send the file as multipart/form-data (field 'file')");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        // RFC 2046 caps a boundary at 70 characters.
        return string.IsNullOrEmpty(boundary) || boundary.Length > 70
            ? throw new ApiRefusal(StatusCodes.Status400BadRequest, "the multipart boundary is missing or longer than 70 characters")
            : boundary;
    }

    private static async Task<FileDigest> CopyAsync(Stream body, string path, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long size = 0;
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            int read;
            while ((read = await FromBodyAsync(() => body.ReadAsync(buffer, ct).AsTask()).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }

            return new FileDigest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken ct)
    {
        using var text = new StreamReader(body);
        var buffer = new char[MaxFieldChars + 1];
        var length = await FromBodyAsync(() => text.ReadBlockAsync(buffer, ct).AsTask()).ConfigureAwait(false);
        return length > MaxFieldChars
            ? throw new ApiRefusal(StatusCodes.Status400BadRequest, $"field '{name}' is longer than {MaxFieldChars} characters")
            : new string(buffer, 0, length);
    }

    /// <summary>
    /// The part's file name (<c>filename*</c> first), or null when it is not a file part. ContentDispositionHeaderValue
    /// throws ArgumentNullException for a <c>filename*</c> parameter without a value (found by fuzzing): a malformed
    /// header, refused with 400.
    /// </summary>
    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        try
        {
            return disposition.IsFileDisposition()
                ? HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty
                : null;
        }
        catch (ArgumentException)
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "malformed multipart body: a Content-Disposition file name has no value");
        }
    }

    /// <summary>
    /// The multipart reader reports a body that ends before its closing boundary as a plain IOException: that is the
    /// client's malformed body (400, found by fuzzing), unlike Kestrel's BadHttpRequestException or a staging-disk error.
    /// </summary>
    private static async Task<T> FromBodyAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static ApiRefusal TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the file is larger than this server's upload limit of {maxBytes} bytes");

    private sealed record FileDigest(string Sha256, long Size);
}

/// <summary>An upload written to <see cref="StagedPath"/>, with its display name (text only), digest and text fields.</summary>
internal sealed record ReceivedUpload(string StagedPath, string FileName, string Sha256, long Size, IReadOnlyDictionary<string, string> Fields);
