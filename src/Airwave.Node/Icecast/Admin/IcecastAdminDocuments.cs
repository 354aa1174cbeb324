using System.Globalization;
using System.Xml.Linq;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Icecast.Admin;

/// <summary>
/// The XML documents of Icecast's admin API (<c>listmounts</c>, <c>listclients</c>, <c>stats</c>, <c>publicstats</c>),
/// element for element as Icecast 2.4.4 writes them, from this node's channels and listeners.
/// </summary>
internal static class IcecastAdminDocuments
{
    /// <summary><c>/admin/listmounts</c>: every mount with a source, its fallback, listeners, seconds connected and content type.</summary>
    public static XElement Mounts(IEnumerable<LiveChannel> channels, DateTime nowUtc) =>
        new("icestats", Sourced(channels).Select(channel => new XElement(
            "source",
            new XAttribute("mount", channel.Settings.Mount),
            new XElement("fallback", channel.Settings.FallbackMount),
            new XElement("listeners", channel.Listeners.Count),
            new XElement("Connected", SecondsSince(channel.SourceConnectedTicks, nowUtc)),
            new XElement("content-type", channel.ContentType))));

    /// <summary><c>/admin/listclients</c>: the channel's listeners on this node, oldest first, each with the number <c>killclient</c> takes.</summary>
    public static XElement Clients(LiveChannel channel, DateTime nowUtc)
    {
        var listeners = channel.Listeners.All.Where(l => l.DropReason is null).OrderBy(l => l.Number).ToList();
        return new XElement(
            "icestats",
            new XElement(
                "source",
                new XAttribute("mount", channel.Settings.Mount),
                new XElement("Listeners", listeners.Count),
                listeners.Select(listener => new XElement(
                    "listener",
                    new XElement("IP", listener.Remote),
                    new XElement("UserAgent", listener.UserAgent),
                    new XElement("Connected", SecondsSince(listener.ConnectedUtc.Ticks, nowUtc)),
                    new XElement("ID", listener.Number)))));
    }

    /// <summary>
    /// <c>/admin/stats</c> (<paramref name="full"/>) and <c>/admin/publicstats</c>: the server's figures, then one <c>source</c>
    /// per mount with a source. The public form leaves out what identifies the source client (its address and user agent).
    /// </summary>
    public static XElement Stats(IReadOnlyCollection<LiveChannel> shown, IReadOnlyCollection<LiveChannel> all, StatsServer server, bool full)
    {
        var sourced = Sourced(all).ToList();
        return new XElement(
            "icestats",
            new XElement("admin", "icemaster@localhost"),
            new XElement("host", server.Host.Split(':')[0]),
            new XElement("listener_connections", all.Sum(c => c.Counters.ListenerConnections)),
            new XElement("listeners", all.Sum(c => c.Listeners.Count)),
            new XElement("location", "Airwave"),
            new XElement("server_id", "Airwave " + server.Version),
            new XElement("server_start", IcecastStatusJson.Rfc822(server.StartedUtc)),
            new XElement("server_start_iso8601", IcecastStatusJson.Iso8601(server.StartedUtc)),
            new XElement("source_client_connections", all.Sum(c => c.Counters.SourceConnections)),
            new XElement("sources", sourced.Count),
            Sourced(shown).Select(channel => Source(channel, server.Host, full)));
    }

    private static XElement Source(LiveChannel channel, string host, bool full)
    {
        var stream = channel.Stream;
        var connected = new DateTime(channel.SourceConnectedTicks, DateTimeKind.Utc);
        var source = new XElement(
            "source",
            new XAttribute("mount", channel.Settings.Mount),
            new XElement("genre", stream?.Genre ?? channel.Settings.Genre),
            new XElement("listener_peak", channel.Counters.PeakListeners),
            new XElement("listeners", channel.Listeners.Count),
            new XElement("listenurl", $"http://{host}{channel.Settings.Mount}"),
            new XElement("max_listeners", channel.Settings.MaxListeners),
            new XElement("public", channel.Settings.Public ? 1 : 0),
            new XElement("server_description", stream?.Description ?? channel.Settings.Description),
            new XElement("server_name", stream?.Name ?? channel.Settings.StreamName),
            new XElement("server_type", channel.ContentType),
            new XElement("slow_listeners", channel.Counters.SlowListenersDropped),
            new XElement("stream_start", IcecastStatusJson.Rfc822(connected)),
            new XElement("stream_start_iso8601", IcecastStatusJson.Iso8601(connected)),
            new XElement("title", channel.NowPlaying.Title),
            new XElement("total_bytes_read", channel.Counters.BytesIn),
            new XElement("total_bytes_sent", channel.Counters.BytesOut));
        if (stream is not null)
        {
            source.Add(
                new XElement("audio_info", string.Create(CultureInfo.InvariantCulture, $"bitrate={stream.BitrateKbps};channels={stream.Channels};samplerate={stream.SampleRate}")),
                new XElement("bitrate", stream.BitrateKbps),
                new XElement("channels", stream.Channels),
                new XElement("samplerate", stream.SampleRate));
        }

        if (full && channel.SourceClient is { } client)
        {
            source.Add(new XElement("source_ip", client.Remote), new XElement("user_agent", client.UserAgent));
        }

        return source;
    }

    /// <summary>Icecast lists a mount in these documents only while a source feeds it.</summary>
    private static IEnumerable<LiveChannel> Sourced(IEnumerable<LiveChannel> channels) =>
        channels.Where(c => c.Source == SourceState.Connected).OrderBy(c => c.Settings.Mount, StringComparer.Ordinal);

    private static long SecondsSince(long ticks, DateTime nowUtc) => Math.Max(0, (nowUtc.Ticks - ticks) / TimeSpan.TicksPerSecond);
}
