using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Airwave.Channels;
using Airwave.Node.Http;
using Airwave.Streaming.Relay;

namespace Airwave.Node.Feed;

/// <summary>Serves <c>GET /internal/channels/{id}/feed?after=SEQ</c> (or <c>?behind=SECONDS</c>, plus <c>&amp;segment=N</c>) to relays: the owner's framed chunk feed, for holders of the cluster secret.</summary>
internal sealed class InternalFeedEndpoint(ChannelDirectory channels, string secret, TimeProvider clock, ILogger<InternalFeedEndpoint> log)
{
    public const string Route = "/internal/channels/{id}/feed";
    public const string ContentType = "application/x-airwave-feed";
    private readonly byte[] expected = Encoding.UTF8.GetBytes("Bearer " + secret);

    public async Task HandleAsync(HttpContext context, string id)
    {
        if (secret.Length == 0 || !Authorized(context.Request.Headers.Authorization.ToString()))
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "the feed needs the cluster secret").ConfigureAwait(false);
            return;
        }

        if (channels.Find(id) is not { Relay: null } channel)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, $"/{id} is not owned by this node").ConfigureAwait(false);
            return;
        }

        if (ParseStart(context.Request.Query) is not { } start)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "after, behind and segment must be whole numbers (behind in seconds)").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        log.LogInformation("relay {Remote} follows /{Channel} (after {After}, behind {Behind})", remote, id, start.AfterSeq, start.Behind);
        var writer = new ChannelFeedWriter(channel, context.Response.BodyWriter, () => channels.Find(id) == channel);
        try
        {
            await writer.RunAsync(start, clock.GetUtcNow().UtcDateTime, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The relay went away, or the channel stopped (its buffer released) while the last chunks were being sent.
        }

        log.LogInformation("relay {Remote} of /{Channel} left after {Chunks} chunks", remote, id, writer.ChunksSent);
    }

    private bool Authorized(string header)
    {
        var given = Encoding.UTF8.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static FeedStart? ParseStart(IQueryCollection query)
    {
        static bool TryNumber(IQueryCollection query, string key, out long? value)
        {
            value = null;
            if (!query.TryGetValue(key, out var text))
            {
                return true;
            }

            var ok = long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number);
            value = number;
            return ok;
        }

        if (!TryNumber(query, "after", out var after) || !TryNumber(query, "behind", out var behind) || !TryNumber(query, "segment", out var segment)
            || behind > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            return null;
        }

        return new FeedStart(after, TimeSpan.FromSeconds(behind ?? 0), segment);
    }
}
