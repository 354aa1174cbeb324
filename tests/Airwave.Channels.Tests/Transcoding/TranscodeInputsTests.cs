using System.Text;
using Airwave.Channels.Transcoding;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Relay;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Transcoding;
using Airwave.TestFixtures;
using Xunit;

namespace Airwave.Channels.Tests.Transcoding;

/// <summary>
/// A relay's transcode runs are fed a window's download through the node's own listener port, which passes it on to the
/// owner: while the port answers 503 (no owner known yet) the run asks again, and a window the owner does not hold is
/// no input.
/// </summary>
public sealed class TranscodeInputsTests(SqliteArchiveBackend backend) : IClassFixture<SqliteArchiveBackend>
{
    private const string Download = "/looped/download";
    private static readonly TranscodeSessionKey Window = new("looped", TestChannels.Origin, TestChannels.Origin.AddSeconds(10), "mobile");

    [Fact]
    public async Task A_relays_run_asks_again_while_no_owner_is_known_and_is_fed_the_download_once_one_answers()
    {
        await using var port = LoopbackUpstream.Start();
        var asked = 0;
        port.Map(Download, async (_, stream, ct) =>
        {
            if (Interlocked.Increment(ref asked) <= 2)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct);
                return;
            }

            await LoopbackUpstream.HeadAsync(stream, "audio/mpeg", 0, ct, "X-Airwave-Clip-Start: 2026-11-21T09:00:02.000Z");
        });

        var input = await Inputs(port).AtAsync(Relayed(), Window, TestChannels.Origin, TimeSpan.Zero, CancellationToken.None);

        Assert.NotNull(input);
        Assert.Equal((AudioFormat.Mp3, TimeSpan.FromSeconds(2)), (input.Format, input.Offset));
        Assert.Equal(Download, input.Download!.AbsolutePath);
        Assert.Equal(3, port.RequestsTo(Download));
        Assert.Contains("start=2026-11-21T09%3A00%3A00.000Z", port.Requests[^1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_the_owner_does_not_hold_is_no_input_at_the_first_answer()
    {
        await using var port = LoopbackUpstream.Start();
        port.Map(Download, (_, stream, ct) =>
            stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct).AsTask());

        Assert.Null(await Inputs(port).AtAsync(Relayed(), Window, TestChannels.Origin, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(1, port.RequestsTo(Download));
    }

    private TranscodeInputs Inputs(LoopbackUpstream port) => new(new ClipPlanner(backend.Archive), new Uri(port.Url("/")));

    private static LiveChannel Relayed() =>
        new(TestChannels.Settings("looped"), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromMinutes(1) }), TimeProvider.System) { Relay = new RelayState() };
}
