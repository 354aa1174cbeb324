using Airwave.Node.Endpoints;
using Airwave.Streaming.Clips;
using Microsoft.AspNetCore.Http.Extensions;

namespace Airwave.Node.Placement;

/// <summary>The listener-port middleware that answers requests for channels placed on another node with a 307 to the owner, or a 503.</summary>
internal static class ChannelRedirects
{
    private static readonly string[] Reserved = ["", "static", "groups", "admin", "status-json.xsl"];
    private static readonly string[] PlaylistExtensions = [".m3u8", ".m3u", ".pls"];

    /// <summary>Adds the middleware; requests for local channels and for anything else go on untouched.</summary>
    public static IApplicationBuilder UseChannelRedirects(this IApplicationBuilder app, ChannelLocator locator, Func<string, bool> isKnown) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            var segment = path.TrimStart('/').Split('/', 2)[0];
            var mount = Reserved.Contains(segment, StringComparer.Ordinal) ? null : MountsOf(segment).FirstOrDefault(isKnown);
            if (mount is not null
                && await locator.LocateAsync(mount, context.Request.GetEncodedPathAndQuery(), context.RequestAborted).ConfigureAwait(false) is { } redirect)
            {
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
