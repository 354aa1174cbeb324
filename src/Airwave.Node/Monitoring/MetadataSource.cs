using System.Text.Json;
using Airwave.Channels;

namespace Airwave.Node.Monitoring;

/// <summary>Fetches and checks the metadata document of <c>restore-from</c>: a <c>file:</c> path or an http(s) URL (GET with the monitoring headers), up to <see cref="MaxBytes"/>.</summary>
internal sealed class MetadataSource(string from, HttpClient http, IReadOnlyDictionary<string, string> headers)
{
    /// <summary>Far more than a document of every channel a node can run.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="MetadataRestoreException">It cannot be fetched, is not JSON, or not a metadata document.</exception>
    public async Task<MetadataDocument> ReadAsync(CancellationToken cancellationToken) =>
        Parse(await FetchAsync(cancellationToken).ConfigureAwait(false), from);

    /// <summary>The document in <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="MetadataRestoreException">It is not JSON, or not a metadata document.</exception>
    public static MetadataDocument Parse(string text, string source)
    {
        MetadataDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<MetadataDocument>(text, Json);
        }
        catch (JsonException e)
        {
            throw new MetadataRestoreException($"{source}: not a metadata document: {e.Message}", e);
        }

        if (document?.Format != MetadataDocument.CurrentFormat || document.Channels is null)
        {
            throw new MetadataRestoreException($"{source}: not a metadata document (\"format\" is not \"{MetadataDocument.CurrentFormat}\", or \"channels\" is missing)");
        }

        foreach (var channel in document.Channels)
        {
            if (channel is null || !ChannelDirectory.IsValidName(channel.Id ?? ""))
            {
                throw new MetadataRestoreException($"{source}: a channel without a valid \"id\"");
            }

            if (channel.ChunkSequence < 0 || channel.MediaSequence < 0 || channel.DiscontinuitySequence < 0 || channel.MediaSequence is null != channel.DiscontinuitySequence is null)
            {
                throw new MetadataRestoreException($"{source}: channel {channel.Id}: sequences must be whole numbers from 0, mediaSequence and discontinuitySequence both or neither");
            }
        }

        return document;
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (from.StartsWith("file:", StringComparison.Ordinal))
            {
                var path = from["file:".Length..];
                return new FileInfo(path).Length > MaxBytes
                    ? throw new MetadataRestoreException($"{from}: longer than {MaxBytes} bytes")
                    : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(from));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new MetadataRestoreException($"{from}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new MetadataRestoreException($"{from}: longer than {MaxBytes} bytes");
            }

            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MetadataRestoreException($"{from}: {e.Message}", e);
        }
    }
}
