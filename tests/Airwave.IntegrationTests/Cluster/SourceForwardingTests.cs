using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>A source pushed to the master that does not own its channel is forwarded to the owner, whose answers reach the source unchanged, until either end or that master stops; a forwarded request is never forwarded again.</summary>
public sealed class SourceForwardingTests(ForwardingCluster cluster, ITestOutputHelper output) : IClassFixture<ForwardingCluster>, IDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private readonly int markOfA = cluster.A.Log.Mark;
    private readonly int markOfB = cluster.B.Log.Mark;

    [Fact]
    public async Task Mp3_pushed_to_the_non_owner_reaches_a_listener_on_the_owner_as_decodable_mp3()
    {
        var (owner, other) = await cluster.OwnerOfAsync("fwd");
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-fwd@127.0.0.1:{other.HttpPort}/fwd", "audio/mpeg", "mp3", other.Log);
        await owner.WaitForSourceAudioAsync("fwd", 1);

        var file = Path.Combine(owner.RootDirectory, "forwarded.mp3");
        var recorded = await FfmpegProcess.RecordAsync(owner.Http("/fwd"), 8, file, RecordTimeout);
        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.Equal("mp3", probe.Codec);
        Assert.Equal(44100, probe.SampleRate);
        Assert.Equal(2, probe.Channels);
        Assert.InRange(probe.DurationSeconds, 7.0, 9.0);
        await WaitForLogAsync(other, $"on /fwd forwarded to {ForwardingCluster.AddressOf(owner)}");
        await WaitForLogAsync(owner, $"on /fwd forwarded by {ForwardingCluster.AddressOf(other)}");
    }

    [Fact]
    public async Task Wrong_password_through_the_non_owner_gets_the_owners_401()
    {
        var (owner, other) = await cluster.OwnerOfAsync("guarded");
        using var source = await RawSourceClient.ConnectAsync(other.HttpPort);
        await source.SendPutHeadAsync("/guarded", "wrong", "audio/mpeg");

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(401, response.Status);
        Assert.Contains("WWW-Authenticate: Basic", response.Head, StringComparison.OrdinalIgnoreCase);
        await WaitForLogAsync(owner, "refused on /guarded: wrong password");

        var ffmpeg = await ChildProcess.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-i", Fixtures.Mp3Mono32, "-c", "copy", "-content_type", "audio/mpeg", "-f", "mp3",
             $"icecast://source:wrong@127.0.0.1:{other.HttpPort}/guarded"],
            TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, ffmpeg.ExitCode);
        Assert.Contains("401", ffmpeg.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_from_an_allowed_network_is_forwarded_and_accepted_by_the_owner_which_sees_only_the_forwarders_address()
    {
        var (owner, other) = await cluster.OwnerOfAsync("studio");
        var studio = System.Net.IPAddress.Parse("127.0.0.2");

        // The owner sees the forwarding master's 127.0.0.1, outside the allow list: only the signed address lets it in.
        using (var allowed = await RawSourceClient.ConnectAsync(other.HttpPort, studio))
        {
            await allowed.SendPutHeadAsync("/studio", "pw-studio", "audio/mpeg");
            await allowed.SendAsync(await File.ReadAllBytesAsync(Fixtures.Mp3Mono32));
            var accepted = await allowed.ReadResponseAsync(AnswerTimeout);
            Assert.True(accepted.Status == 200, accepted.ToString());
            await owner.WaitForSourceAudioAsync("studio", 0.5);
        }

        using var outside = await RawSourceClient.ConnectAsync(other.HttpPort);
        await outside.SendPutHeadAsync("/studio", "pw-studio", "audio/mpeg");
        var refused = await outside.ReadResponseAsync(AnswerTimeout);
        Assert.Equal(403, refused.Status);
        Assert.Contains("/studio is private: 127.0.0.1 is not in its allow list", refused.Body, StringComparison.Ordinal);

        // A client claiming the address itself is not believed: the header carries no valid signature.
        using var claiming = await RawSourceClient.ConnectAsync(owner.HttpPort);
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes("source:pw-studio"));
        await claiming.SendAsync(Encoding.ASCII.GetBytes(
            $"PUT /studio HTTP/1.1\r\nX-Airwave-Forwarded-By: 127.0.0.1:1\r\nX-Airwave-Forwarded-For: 127.0.0.2 {new string('0', 64)}\r\nAuthorization: Basic {credentials}\r\nContent-Type: audio/mpeg\r\n\r\n"));
        var forged = await claiming.ReadResponseAsync(AnswerTimeout);
        Assert.Equal(403, forged.Status);
        Assert.Contains("127.0.0.1 is not in its allow list", forged.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_source_through_the_non_owner_gets_the_owners_403_mountpoint_in_use()
    {
        var (owner, other) = await cluster.OwnerOfAsync("busy");
        await using var first = FfmpegProcess.PushSource(Fixtures.Mp3Mono32, $"icecast://source:pw-busy@127.0.0.1:{other.HttpPort}/busy", "audio/mpeg", "mp3", other.Log, loop: true);
        await owner.WaitForSourceAudioAsync("busy", 0.5);

        using var second = await RawSourceClient.ConnectAsync(other.HttpPort);
        await second.SendPutHeadAsync("/busy", "pw-busy", "audio/mpeg");
        var response = await second.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(403, response.Status);
        Assert.Contains("Mountpoint in use", response.Body, StringComparison.Ordinal);
        Assert.False(first.HasExited, "the first source was disconnected");
        Assert.Equal("connected", (await owner.ChannelAsync("busy")).Source());
    }

    [Fact]
    public async Task Forwarded_source_reaching_a_node_that_does_not_own_the_mount_gets_503_instead_of_a_second_hop()
    {
        var (_, other) = await cluster.OwnerOfAsync("guarded");
        using var source = await RawSourceClient.ConnectAsync(other.HttpPort);
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes("source:pw-guarded"));
        await source.SendAsync(Encoding.ASCII.GetBytes(
            $"PUT /guarded HTTP/1.1\r\nX-Airwave-Forwarded-By: 127.0.0.1:1\r\nAuthorization: Basic {credentials}\r\nContent-Type: audio/mpeg\r\n\r\n"));

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(503, response.Status);
        Assert.Contains("Retry-After: 2", response.Head, StringComparison.Ordinal);
        Assert.DoesNotContain("/guarded forwarded to", other.Log.Since(MarkOf(other)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_non_owner_closes_the_forwarded_source_at_once()
    {
        var (owner, other) = await cluster.OwnerOfAsync("leaving");
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Mono32, $"icecast://source:pw-leaving@127.0.0.1:{other.HttpPort}/leaving", "audio/mpeg", "mp3", other.Log, loop: true);
        await owner.WaitForSourceAudioAsync("leaving", 0.5);

        try
        {
            var beforeStop = other.Log.Mark;
            Assert.Equal(0, await other.StopAsync(StopTimeout));
            Assert.DoesNotContain("did not finish within", other.Log.Since(beforeStop), StringComparison.Ordinal);
            Assert.NotNull(await source.WaitForExitAsync(AnswerTimeout));
            await owner.WaitForChannelAsync("leaving", c => c.Source() != "connected", "the forwarded source is gone");
        }
        finally
        {
            await other.StartAsync();
            await cluster.WaitForEvenSplitAsync();
        }
    }

    public void Dispose()
    {
        output.WriteLine($"node a (http {cluster.A.HttpPort}) during this test:\n{cluster.A.Log.Since(markOfA)}");
        output.WriteLine($"node b (http {cluster.B.HttpPort}) during this test:\n{cluster.B.Log.Since(markOfB)}");
    }

    private int MarkOf(NodeProcess node) => node == cluster.A ? markOfA : markOfB;

    private Task<string> WaitForLogAsync(NodeProcess node, string text) =>
        Poll.UntilAsync(() => Task.FromResult(node.Log.Since(MarkOf(node))), log => log.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"\"{text}\" in the log of the node on {node.HttpPort}");
}
