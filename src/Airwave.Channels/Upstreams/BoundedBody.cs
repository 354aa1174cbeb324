using System.Buffers;
using System.IO.Pipelines;
using Airwave.Streaming.Upstreams;

namespace Airwave.Channels.Upstreams;

/// <summary>Reads a whole response body under a size cap and a deadline, so an oversized playlist or a segment that never ends fails cleanly.</summary>
public static class BoundedBody
{
    /// <summary>The body's bytes.</summary>
    /// <exception cref="UpstreamException">Larger than <paramref name="maxBytes"/> (not media) or not finished within <paramref name="timeout"/> (no data).</exception>
    public static async Task<byte[]> ReadAsync(PipeReader body, long maxBytes, TimeSpan timeout, string what, UpstreamHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(health);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (read.Buffer.Length > maxBytes)
                {
                    health.AddBytes(read.Buffer.Length);
                    throw new UpstreamException(UpstreamFailureKind.NotMedia, $"{what} is larger than {maxBytes} bytes");
                }

                if (read.IsCompleted)
                {
                    var bytes = read.Buffer.ToArray();
                    health.AddBytes(bytes.Length);
                    body.AdvanceTo(read.Buffer.End);
                    return bytes;
                }

                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailureKind.NoData, $"{what} did not finish within {timeout.TotalSeconds:0.#}s");
        }
        catch (IOException e)
        {
            throw new UpstreamException(UpstreamFailureKind.Failed, $"{what} broke off: {e.Message}");
        }
    }

    /// <summary>Fetches <paramref name="url"/> and reads its body under the cap; returns the bytes and the final URL after redirects.</summary>
    public static async Task<(byte[] Body, Uri Url)> GetAsync(PullContext context, Uri url, long maxBytes, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var response = await UpstreamHttp.GetAsync(context.Http, context.Upstream, url, icyMetadata: false, context.Settings.NoDataTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw new UpstreamException(UpstreamFailureKind.NotMedia, $"{what} is larger than {maxBytes} bytes ({length})");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(stream);
        try
        {
            var body = await ReadAsync(reader, maxBytes, timeout, what, context.Health, cancellationToken).ConfigureAwait(false);
            return (body, response.RequestMessage?.RequestUri ?? url);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
