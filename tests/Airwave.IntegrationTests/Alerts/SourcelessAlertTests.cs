using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Metrics;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>
/// A pushed channel's <c>sourceless</c> alert end to end: a real node, ffmpeg as the source, an HTTP receiver for the
/// webhook and PagerDuty events that is down at first, aiosmtpd for the mails, the admin API and the CLI.
/// </summary>
public sealed class SourcelessAlertTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string NodeName = "alert-node";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();
    private SmtpSink? smtp;

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              node-name = {{NodeName}}
              alerts {
                check-interval = 1s
                sourceless-after = 2s
                # Whatever the test machine's disk holds, only the channel's alert is delivered.
                disk-percent = 100
                webhook-url = "http://127.0.0.1:{{receiverPort}}/hook"
                pagerduty { url = "http://127.0.0.1:{{receiverPort}}/pagerduty", routing-key = "rk-test" }
                smtp { host = "127.0.0.1", port = {{smtp!.Port}}, from = "airwave@example.com", to = ["ops@example.com"] }
              }
              channels.live.password = hackme
            }
            """,
    };

    public override async Task InitializeAsync()
    {
        smtp = SmtpSink.Start(FreePorts.Next());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (smtp is not null)
        {
            Output.WriteLine(smtp.Output.Text);
            await smtp.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_channel_without_its_source_fires_once_and_resolves_once_per_outage_on_every_destination_even_when_the_receiver_was_down()
    {
        // The node started without a source on /live: it fires, and the receiver is not up yet.
        await Poll.UntilAsync(() => Task.FromResult(Node.Log.Contains("the webhook failed")), seen => seen, Patience, "a failed webhook delivery", () => Node.Log.Text);
        using var receiver = AlertReceiver.Start(receiverPort);
        var url = $"icecast://source:hackme@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/live";
        await using (var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, url, "audio/mpeg", "mp3", Node.Log, loop: true))
        {
            await Node.WaitForSourceAudioAsync("live", 1);
            await WaitForHooksAsync(receiver, 2, "the first firing, retried, and its resolution");
            source.Kill();
        }

        // The source was killed: the second outage.
        await Node.WaitForChannelAsync("live", c => c.Source() == "lost", "source lost");
        await WaitForHooksAsync(receiver, 3, "the second firing");
        var active = (await Node.GetAdminJsonAsync("api/alerts")).GetProperty("active");
        var firing = Assert.Single(active.EnumerateArray(), a => a.GetProperty("subject").GetString() == "live");
        Assert.Equal("sourceless", firing.GetProperty("condition").GetString());
        Assert.Equal(1, (await MetricsScrape.ListenerPortAsync(Node)).Value("airwave_alerts_firing", ("condition", "sourceless")));
        var table = await Node.CliOutputAsync("alerts");
        Assert.Contains(table.Split('\n'), l => l.StartsWith("firing", StringComparison.Ordinal) && l.Contains("| sourceless", StringComparison.Ordinal) && l.Contains("| live", StringComparison.Ordinal));

        // The source stays on to the end: without it a third outage begins 2 s later, while the checks below still run.
        await using var back = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, url, "audio/mpeg", "mp3", Node.Log, loop: true);
        await Node.WaitForSourceAudioAsync("live", 1);
        await WaitForHooksAsync(receiver, 4, "the second resolution");

        var hooks = Live(receiver.Bodies("/hook"));
        Assert.Equal(["firing", "resolved", "firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
        Assert.All(hooks, h =>
        {
            Assert.Equal("sourceless", h.GetProperty("condition").GetString());
            Assert.Equal("live", h.GetProperty("channel").GetString());
            Assert.Equal(NodeName, h.GetProperty("node").GetString());
            Assert.Equal($"airwave/{NodeName}/sourceless/live", h.GetProperty("dedupKey").GetString());
        });
        Assert.Equal(JsonValueKind.Null, hooks[0].GetProperty("endedUtc").ValueKind);
        Assert.Equal(hooks[0].GetProperty("startedUtc").GetDateTime(), hooks[1].GetProperty("startedUtc").GetDateTime());
        Assert.True(hooks[1].GetProperty("endedUtc").GetDateTime() > hooks[1].GetProperty("startedUtc").GetDateTime());
        Assert.True(hooks[2].GetProperty("startedUtc").GetDateTime() >= hooks[1].GetProperty("endedUtc").GetDateTime(), "the second outage began after the first ended");
        Assert.Contains("has had no source since the node started", hooks[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("has had no source since", hooks[2].GetProperty("message").GetString(), StringComparison.Ordinal);

        var events = await Poll.UntilAsync(() => Task.FromResult(receiver.Bodies("/pagerduty")), e => e.Count >= 4, Patience, "four PagerDuty events", () => Node.Log.Text);
        Assert.Equal(["trigger", "resolve", "trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal("rk-test", e.GetProperty("routing_key").GetString());
            Assert.Equal($"airwave/{NodeName}/sourceless/live", e.GetProperty("dedup_key").GetString());
        });
        var payload = events[0].GetProperty("payload");
        Assert.Equal("critical", payload.GetProperty("severity").GetString());
        Assert.Equal(NodeName, payload.GetProperty("source").GetString());
        Assert.Equal("live", payload.GetProperty("component").GetString());
        Assert.Equal(hooks[0].GetProperty("message").GetString(), payload.GetProperty("summary").GetString());
        Assert.False(events[1].TryGetProperty("payload", out _), "a resolve carries no payload");

        var subjects = await Poll.UntilAsync(() => Task.FromResult(smtp!.Subjects()), s => s.Count >= 4, Patience, "four mails", () => smtp!.Output.Text + Node.Log.Text);
        Assert.Equal(
            [$"[airwave] FIRING sourceless live on {NodeName}", $"[airwave] RESOLVED sourceless live on {NodeName}", $"[airwave] FIRING sourceless live on {NodeName}", $"[airwave] RESOLVED sourceless live on {NodeName}"],
            subjects);

        var recent = (await Node.GetAdminJsonAsync("api/alerts")).GetProperty("recent");
        Assert.Equal(2, recent.EnumerateArray().Count(a => a.GetProperty("subject").GetString() == "live" && a.GetProperty("state").GetString() == "resolved"));
        Assert.Contains("resolved | sourceless | live", await Node.CliOutputAsync("alerts"), StringComparison.Ordinal);
        Assert.Equal(0, (await MetricsScrape.ListenerPortAsync(Node)).Value("airwave_alerts_firing", ("condition", "sourceless")));
    }

    /// <summary>Waits until the webhook received <paramref name="count"/> notices about /live; more would fail the final comparison.</summary>
    private Task<List<JsonElement>> WaitForHooksAsync(AlertReceiver receiver, int count, string what) =>
        Poll.UntilAsync(() => Task.FromResult(Live(receiver.Bodies("/hook"))), h => h.Count >= count, Patience, what, () => Node.Log.Text);

    private static List<JsonElement> Live(List<JsonElement> bodies) => [.. bodies.Where(b => b.GetProperty("subject").GetString() == "live")];
}
