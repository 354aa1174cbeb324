using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>Dead air: ffmpeg pushes a file that is silent for its first 10 s and then plays a tone, without ever disconnecting.</summary>
public sealed class SilenceAlertTests(ITestOutputHelper output) : NodePerTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              alerts {
                check-interval = 1s
                silence-after = 2s
                disk-percent = 100
                webhook-url = "http://127.0.0.1:{{receiverPort}}/hook"
              }
              channels.live { password = hackme, alerts.sourceless-after = off }
            }
            """,
    };

    [Fact]
    public async Task A_source_sending_silence_fires_dead_air_once_and_resolves_once_when_its_audio_comes_back()
    {
        var file = Path.Combine(Node.RootDirectory, "silence-then-tone.mp3");
        await FfmpegProcess.WriteToneSequenceAsync(file, (0, 10), (440, 20));
        using var receiver = AlertReceiver.Start(receiverPort);

        var url = $"icecast://source:hackme@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/live";
        await using (FfmpegProcess.PushSource(file, url, "audio/mpeg", "mp3", Node.Log))
        {
            await Poll.UntilAsync(
                () => Task.FromResult(receiver.Bodies("/hook")), h => h.Count >= 2, Patience, "dead air to fire and resolve", () => Node.Log.Text);
            var channel = await Node.ChannelAsync("live");
            Assert.Equal("connected", channel.Source());
        }

        var hooks = receiver.Bodies("/hook");
        Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
        Assert.All(hooks, h =>
        {
            Assert.Equal("silence", h.GetProperty("condition").GetString());
            Assert.Equal("live", h.GetProperty("channel").GetString());
        });
        Assert.Contains("dead air", hooks[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
