using Airwave.Channels;
using Airwave.Node.Http;
using Airwave.Streaming.Clips;
using Microsoft.AspNetCore.Http.Extensions;

namespace Airwave.Node.Placement;

/// <summary>
/// The listener-port middleware for channels placed on another node: a relaying node serves them from its relay once it
/// caught up with live, and passes archive requests on to the owner, whose disk holds the archive; any other node
/// answers with a 307 to the owner; every node answers 503 while the channel has no owner.
/// </summary>
internal static class ChannelRedirects
{
    private static readonly string[] Reserved = ["", "static", "groups", "admin", "internal", "status-json.xsl", "metrics"];
    private static readonly string[] PlaylistExtensions = [".m3u8", ".m3u", ".pls"];
    private static readonly string[] ArchivePaths = ["download", "archive.m3u8", "archive"];

    /// <summary>Adds the middleware; requests for local channels and for anything else go on untouched.</summary>
    public static IApplicationBuilder UseChannelRedirects(this IApplicationBuilder app, ChannelLocator locator, ChannelDirectory channels, OwnerProxy proxy, TimeProvider clock) =>
        app.Use(async (context, next) =>
        {
            var parts = (context.Request.Path.Value ?? "").TrimStart('/').Split('/', 3);
            var segment = parts[0];
            var mount = MountOf(segment, channels);
            var archived = DrrClipName.TryParse(segment, out _) || (parts.Length > 1 && ArchivePaths.Contains(parts[1], StringComparer.Ordinal));
            if (mount is not null && channels.Relays is not null && !archived)
            {
                if (channels.Find(mount) is { Relay: not null } relay)
                {
                    await relay.WhenReadyAsync(clock.GetUtcNow().UtcTicks, context.RequestAborted).ConfigureAwait(false);
                }
            }
            else if (mount is not null
                && await locator.LocateAsync(mount, context.Request.GetEncodedPathAndQuery(), context.RequestAborted).ConfigureAwait(false) is { } redirect)
            {
                if (channels.Relays is not null && redirect.Location is { } archive)
                {
                    await proxy.ForwardAsync(context, archive).ConfigureAwait(false);
                    return;
                }

                if (redirect.Location is { } location)
                {
                    context.Response.Headers.Location = location;
                }
                else
                {
                    context.Response.Headers.RetryAfter = ChannelRedirect.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await PlainText.WriteAsync(context.Response, redirect.Status, $"/{mount} is served by another node").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

    /// <summary>The channel of the cluster a listener URL's first path segment names (<c>live</c>, <c>live.m3u8</c>, a DRR clip name), or null.</summary>
    public static string? MountOf(string segment, ChannelDirectory channels) =>
        Reserved.Contains(segment, StringComparer.Ordinal) ? null : MountsOf(segment).FirstOrDefault(channels.IsKnown);

    /// <summary>The channel names a first path segment may stand for, most specific first: a playlist's or DRR clip's mount, then the segment itself.</summary>
    private static IEnumerable<string> MountsOf(string segment)
    {
        var extension = Path.GetExtension(segment);
        if (PlaylistExtensions.Contains(extension, StringComparer.Ordinal))
        {
            yield return segment[..^extension.Length];
        }

        if (DrrClipName.TryParse(segment, out var clip))
        {
            yield return clip!.Mount;
        }

        yield return segment;
    }
}
