using System.Net;
using System.Text;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Pages;

/// <summary>
/// The node's front page: every channel by its configured name, what its source is doing in words, an audio element,
/// and links to the player (live and rewound), HLS and the playlists, so a newcomer's browser hears it at once.
/// </summary>
internal static class IndexPage
{
    /// <summary>How far behind live the page's rewind link starts, in seconds.</summary>
    private const int RewindLinkOffset = 300;

    public static string Render(IEnumerable<LiveChannel> channels)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Airwave</title><style>")
            .Append("body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em}li{margin:1.2em 0}")
            .Append(".state{color:#555}.links a{margin-right:1em}audio{width:100%;max-width:32em}")
            .Append("</style></head><body><h1>Airwave</h1><ul>");
        foreach (var channel in channels)
        {
            var mount = WebUtility.HtmlEncode(channel.Settings.Mount);
            var player = "/static/player.html?mount=" + WebUtility.UrlEncode(channel.Id);
            html.Append("<li class=\"channel\"><strong class=\"name\">").Append(WebUtility.HtmlEncode(DisplayName(channel))).Append("</strong> <code>")
                .Append(mount).Append("</code><br><span class=\"state\">").Append(WebUtility.HtmlEncode(State(channel))).Append(", ")
                .Append(channel.Listeners.Count).Append(" listening</span>");
            if (channel.NowPlaying.Title is { Length: > 0 } title)
            {
                html.Append("<br>Now playing: <em>").Append(WebUtility.HtmlEncode(title)).Append("</em>");
            }

            html.Append("<br><audio controls preload=\"none\" src=\"").Append(mount).Append("\"></audio><br><span class=\"links\">")
                .Append(Link(player, "player")).Append(Link($"{player}&offset={RewindLinkOffset}", "player, 5 minutes behind live"))
                .Append(Link(mount + ".m3u8", "HLS (.m3u8)")).Append(Link(mount + ".m3u", "playlist (.m3u)")).Append(Link(mount + ".pls", ".pls"))
                .Append("</span></li>");
        }

        return html.Append("</ul></body></html>").ToString();
    }

    /// <summary>The configured <c>name</c>, else the one the source announced (<c>ice-name</c>), else the mount.</summary>
    private static string DisplayName(LiveChannel channel) =>
        channel.Settings.StreamName is { Length: > 0 } configured ? configured
        : channel.Stream?.Name is { Length: > 0 } announced ? announced
        : channel.Settings.Mount;

    /// <summary>The source state in words: a bare "never" told users nothing.</summary>
    private static string State(LiveChannel channel)
    {
        var fallback = channel.Settings.FallbackMount is { Length: > 0 } mount ? $"; listeners hear {mount} meanwhile" : "; listeners wait for it";
        return channel.Source switch
        {
            SourceState.Connected => "on air",
            SourceState.Never => "waiting for a source: none has connected since the node started" + fallback,
            SourceState.Lost => "source gone" + fallback,
            _ => channel.Source.ToString(),
        };
    }

    private static string Link(string href, string text) =>
        $"<a href=\"{WebUtility.HtmlEncode(href)}\">{WebUtility.HtmlEncode(text)}</a>";
}
