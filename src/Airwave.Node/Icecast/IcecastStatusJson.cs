using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Icecast;

/// <summary>Builds <c>/status-json.xsl</c> in Icecast 2.4's shape: <c>icestats.source</c> is an object for one mount and an array for several.</summary>
internal static class IcecastStatusJson
{
    public static JsonObject Build(IEnumerable<LiveChannel> channels, string host, DateTime startedUtc, string version)
    {
        var sources = channels.Where(c => c.Source == SourceState.Connected).Select(c => Source(c, host)).ToList();
        var stats = new JsonObject
        {
            ["admin"] = "icemaster@localhost",
            ["host"] = host.Split(':')[0],
            ["location"] = "Airwave",
            ["server_id"] = "Airwave " + version,
            ["server_start"] = Rfc822(startedUtc),
            ["server_start_iso8601"] = Iso8601(startedUtc),
        };
        if (sources.Count == 1)
        {
            stats["source"] = sources[0];
        }
        else if (sources.Count > 1)
        {
            stats["source"] = new JsonArray([.. sources]);
        }

        return new JsonObject { ["icestats"] = stats };
    }

    private static JsonObject Source(LiveChannel channel, string host)
    {
        var stream = channel.Stream;
        var connected = new DateTime(channel.SourceConnectedTicks, DateTimeKind.Utc);
        var source = new JsonObject
        {
            ["genre"] = stream?.Genre ?? channel.Settings.Genre,
            ["listener_peak"] = channel.Counters.PeakListeners,
            ["listeners"] = channel.Listeners.Count,
            ["listenurl"] = $"http://{host}{channel.Settings.Mount}",
            ["server_description"] = stream?.Description ?? channel.Settings.Description,
            ["server_name"] = stream?.Name ?? channel.Settings.StreamName,
            ["server_type"] = channel.ContentType,
            ["server_url"] = stream?.Url ?? channel.Settings.Url,
            ["stream_start"] = Rfc822(connected),
            ["stream_start_iso8601"] = Iso8601(connected),
            ["title"] = channel.NowPlaying.Title,
        };
        if (stream is not null)
        {
            source["audio_info"] = string.Create(CultureInfo.InvariantCulture, $"bitrate={stream.BitrateKbps};channels={stream.Channels};samplerate={stream.SampleRate}");
            source["bitrate"] = stream.BitrateKbps;
            source["channels"] = stream.Channels;
            source["samplerate"] = stream.SampleRate;
        }

        return source;
    }

    // Icecast writes its times with strftime's "%a, %d %b %Y %H:%M:%S %z" and "%Y-%m-%dT%H:%M:%S%z"; ours are UTC.
    internal static string Rfc822(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    internal static string Iso8601(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);
}
