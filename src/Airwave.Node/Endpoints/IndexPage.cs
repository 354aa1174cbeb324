using System.Net;
using System.Text;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Endpoints;

/// <summary>The node's front page: every channel with a player, so a browser hears it at once.</summary>
internal static class IndexPage
{
    public static string Render(IEnumerable<LiveChannel> channels)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Airwave</title>")
            .Append("<style>body{font-family:sans-serif;max-width:48em;margin:2em auto}li{margin:1em 0}</style></head><body><h1>Airwave</h1><ul>");
        foreach (var channel in channels)
        {
            var mount = WebUtility.HtmlEncode(channel.Settings.Mount);
            var name = WebUtility.HtmlEncode(channel.Stream?.Name is { Length: > 0 } n ? n : channel.Settings.Mount);
            html.Append("<li><strong>").Append(name).Append("</strong> <code>").Append(mount).Append("</code> — ")
                .Append(channel.Source.ToString().ToLowerInvariant()).Append(", ").Append(channel.Listeners.Count).Append(" listening")
                .Append("<br><audio controls preload=\"none\" src=\"").Append(mount).Append("\"></audio> ")
                .Append("<a href=\"").Append(mount).Append(".m3u\">m3u</a> <a href=\"").Append(mount).Append(".pls\">pls</a></li>");
        }

        return html.Append("</ul></body></html>").ToString();
    }
}
