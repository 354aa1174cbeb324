using System.Globalization;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Metrics;

namespace Airwave.IntegrationTests.Analytics;

/// <summary>Listening events pushed to an Elasticsearch bulk endpoint that is busy at first: every event arrives once, in the bulk format, after retries.</summary>
public sealed class ElasticsearchPushTests(ITestOutputHelper output) : NodePerTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              analytics {
                flush-interval = 200ms
                progress-interval = 1s
                elasticsearch { url = "http://127.0.0.1:{{receiverPort}}", index = "radio-listens", batch-size = 2 }
              }
              channels.live.password = hackme
            }
            """,
    };

    [Fact]
    public async Task A_listens_start_progress_and_end_arrive_once_each_as_bulk_index_actions_after_the_busy_answers()
    {
        using var receiver = BulkReceiver.Start(receiverPort, failFirst: 2);
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:hackme@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/live", "audio/mpeg", "mp3", Node.Log, loop: true);
        await Node.WaitForSourceAudioAsync("live", 2);
        using (var listener = await RawListenerClient.GetAsync(Node.HttpPort, "/live", "HTTP/1.0", "User-Agent: es-probe"))
        {
            await listener.WaitForBytesAsync(1, TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var taken = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Taken), t => t.Any(e => e.Document.GetProperty("event").GetString() == "end"), Patience, "the end event", () => Node.Log.Text);

        Assert.Null(receiver.Malformed);
        Assert.Equal(2, receiver.Refused);
        Assert.All(taken, e => Assert.Equal("radio-listens", e.Action.GetProperty("index").GetProperty("_index").GetString()));
        var events = taken.Select(e => e.Document).Where(d => d.GetProperty("user_agent").GetString() == "es-probe").ToList();
        Assert.Single(events.Select(e => e.GetProperty("listen_id").GetString()).Distinct());
        var kinds = events.Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(("start", "end"), (kinds[0], kinds[^1]));
        Assert.Equal(1, kinds.Count(k => k == "end"));
        Assert.Contains("progress", kinds);
        var end = events[^1];
        Assert.Equal(("live", "raw", "127.0.0.1", true), (end.GetProperty("channel").GetString(), end.GetProperty("output").GetString(), end.GetProperty("client").GetString(), end.GetProperty("ended").GetBoolean()));
        Assert.InRange(end.GetProperty("seconds").GetDouble(), 3, 5);
        Assert.True(DateTime.TryParse(end.GetProperty("@timestamp").GetString(), CultureInfo.InvariantCulture, out _));

        var metrics = await MetricsScrape.ListenerPortAsync(Node);
        Assert.True(metrics.Value("airwave_analytics_events_pushed_total", ("outcome", "taken")) >= events.Count);
        Assert.Equal(0, metrics.Value("airwave_analytics_events_pushed_total", ("outcome", "dropped")));
    }
}
