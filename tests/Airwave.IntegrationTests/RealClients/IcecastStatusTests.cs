using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary><c>/status-json.xsl</c> describes a source as a real Icecast 2.4 does, so monitoring scripts written for Icecast read ours.</summary>
[Collection("real clients")]
public sealed class IcecastStatusTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private const string Rfc822 = @"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$";
    private const string Iso8601 = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$";

    [Fact]
    public async Task An_ffmpeg_source_has_every_field_icecast_gives_one_in_the_same_shape_and_stream_start_is_when_it_connected()
    {
        await using var pushed = FfmpegProcess.PushSource(fixture.ToneFile, fixture.Icecast.SourceUrl("/pushed.mp3"), "audio/mpeg", "mp3", fixture.Icecast.Output, loop: true);
        var icecast = await Poll.UntilAsync(
            () => SourceAsync(fixture.Icecast.ListenUrl("/status-json.xsl"), "/pushed.mp3"),
            s => s is not null,
            TimeSpan.FromSeconds(30),
            "icecast listing the ffmpeg source",
            () => fixture.Icecast.Output.Text);
        var ours = await SourceAsync(fixture.Node.Http("/status-json.xsl"), "/live");
        Assert.NotNull(ours);

        // "dummy" is an artefact of Icecast's XSLT (a null closing each object), not a field.
        foreach (var field in icecast!.Value.EnumerateObject().Where(f => f.Name != "dummy"))
        {
            Assert.True(ours.Value.TryGetProperty(field.Name, out var value), $"our source lacks Icecast's {field.Name} ({field.Value}): {ours}");
            Assert.True(field.Value.ValueKind == value.ValueKind, $"{field.Name}: Icecast gives {field.Value.ValueKind} ({field.Value}), we give {value.ValueKind} ({value})");
        }

        foreach (var source in new[] { icecast.Value, ours.Value })
        {
            Assert.Matches(Rfc822, source.GetProperty("stream_start").GetString());
            Assert.Matches(Iso8601, source.GetProperty("stream_start_iso8601").GetString());
        }

        var start = DateTimeOffset.ParseExact(ours.Value.GetProperty("stream_start_iso8601").GetString()!, "yyyy-MM-dd'T'HH:mm:sszzzz", CultureInfo.InvariantCulture);
        var startRfc = DateTimeOffset.ParseExact(ours.Value.GetProperty("stream_start").GetString()!, "ddd, dd MMM yyyy HH:mm:ss zzzz", CultureInfo.InvariantCulture);
        Assert.Equal(start, startRfc);
        var connectedNoEarlierThan = fixture.SourceStartedUtc.AddTicks(-(fixture.SourceStartedUtc.Ticks % TimeSpan.TicksPerSecond));
        Assert.InRange(start.UtcDateTime, connectedNoEarlierThan, DateTime.UtcNow);
    }

    /// <summary>The <c>icestats.source</c> entry (an object for one source, an array for several) whose listen URL ends with <paramref name="mount"/>.</summary>
    private static async Task<JsonElement?> SourceAsync(Uri status, string mount)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var stats = (await http.GetFromJsonAsync<JsonElement>(status)).GetProperty("icestats");
        if (!stats.TryGetProperty("source", out var sources))
        {
            return null;
        }

        var all = sources.ValueKind == JsonValueKind.Array ? sources.EnumerateArray().ToList() : [sources];
        return all.Where(s => s.GetProperty("listenurl").GetString()!.EndsWith(mount, StringComparison.Ordinal)).Select(s => (JsonElement?)s.Clone()).FirstOrDefault();
    }
}
