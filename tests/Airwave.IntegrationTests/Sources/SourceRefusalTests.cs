using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>Sources are refused the way Icecast refuses them: 401, 403 "Mountpoint in use", 403 for the content type (with the reason), 400 for non-audio.</summary>
public sealed class SourceRefusalTests(RefusalNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<RefusalNode>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Wrong_password_is_answered_with_401()
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendPutHeadAsync("/guarded", "wrong", "audio/mpeg");

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(401, response.Status);
        Assert.Contains("WWW-Authenticate: Basic", response.Head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_source_asking_without_credentials_gets_the_realm_and_is_not_logged_as_a_wrong_password()
    {
        var mark = node.Log.Mark;
        // From an address of its own: failed logins are logged once per client and mount a minute, and the other tests here fail from 127.0.0.1.
        var client = System.Net.IPAddress.Parse("127.0.0.5");
        using (var asking = await RawSourceClient.ConnectAsync(node.HttpPort, client))
        {
            await asking.SendPutHeadAsync("/guarded", null, "audio/mpeg");
            var response = await asking.ReadResponseAsync(AnswerTimeout);

            Assert.Equal(401, response.Status);
            Assert.Contains("WWW-Authenticate: Basic realm=\"Icecast2 Server\"", response.Head, StringComparison.Ordinal);
        }

        // A wrong password after it is logged; once its line is there, the line the first request would have made is too.
        using (var wrong = await RawSourceClient.ConnectAsync(node.HttpPort, client))
        {
            await wrong.SendPutHeadAsync("/guarded", "wrong", "audio/mpeg");
            Assert.Equal(401, (await wrong.ReadResponseAsync(AnswerTimeout)).Status);
            var wrongLine = $":{wrong.LocalPort} refused on /guarded";
            await Poll.UntilAsync(() => Task.FromResult(node.Log.Since(mark)), log => log.Contains(wrongLine, StringComparison.Ordinal), AnswerTimeout, "the wrong password in the node's log");
        }

        var refusals = node.Log.Since(mark).Split('\n').Where(line => line.Contains("refused on /guarded", StringComparison.Ordinal)).ToList();
        Assert.Single(refusals);
    }

    [Fact]
    public async Task Ffmpeg_with_a_wrong_password_gives_up_with_an_error()
    {
        var result = await ChildProcess.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-i", Fixtures.Mp3Mono32, "-c", "copy", "-content_type", "audio/mpeg", "-f", "mp3",
             $"icecast://source:wrong@127.0.0.1:{node.HttpPort}/guarded"],
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.Output, StringComparison.Ordinal);
        Assert.Equal("never", (await node.ChannelAsync("guarded")).Source());
    }

    [Fact]
    public async Task Second_source_on_a_taken_mount_is_answered_with_403_mountpoint_in_use()
    {
        await using var first = FfmpegProcess.PushSource(Fixtures.Mp3Mono32, $"icecast://source:pw-busy@127.0.0.1:{node.HttpPort}/busy", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("busy", 0.5);

        using var second = await RawSourceClient.ConnectAsync(node.HttpPort);
        await second.SendPutHeadAsync("/busy", "pw-busy", "audio/mpeg");
        var response = await second.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(403, response.Status);
        Assert.Contains("Mountpoint in use", response.Body, StringComparison.Ordinal);
        Assert.False(first.HasExited, "the first source was disconnected");
        Assert.Equal("connected", (await node.ChannelAsync("busy")).Source());
    }

    [Fact]
    public async Task Unsupported_content_type_is_answered_with_403()
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendPutHeadAsync("/picky", "pw-picky", "text/html");

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(403, response.Status);
        Assert.Contains("Content-type not supported: text/html is not audio", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ogg_is_answered_with_403_saying_ogg_is_not_supported_yet_and_the_node_logs_why()
    {
        const string Reason = "Content-type not supported: Ogg (application/ogg) is not supported yet; send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)";
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendPutHeadAsync("/picky", "pw-picky", "application/ogg");

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(403, response.Status);
        Assert.Contains(Reason, response.Body, StringComparison.Ordinal);
        await Poll.UntilAsync(() => Task.FromResult(node.Log.Contains("refused on /picky: " + Reason)), logged => logged, AnswerTimeout, "the refusal in the node's log");
    }

    [Fact]
    public async Task Random_bytes_declared_as_mp3_are_answered_with_400_and_free_the_mount()
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendPutHeadAsync("/noise", "pw-noise", "audio/mpeg");
        var noise = new byte[72 * 1024];
        new Random(20261121).NextBytes(noise);
        await source.SendAsync(noise);

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(400, response.Status);
        await node.WaitForChannelAsync("noise", c => c.Source() != "connected", "the refused source is not connected");
        using var proper = await RawSourceClient.ConnectAsync(node.HttpPort);
        await proper.SendPutHeadAsync("/noise", "pw-noise", "audio/mpeg");
        await proper.SendAsync(Mp3Frames.Read(Fixtures.Mp3Stereo128, 20));
        Assert.Equal(200, (await proper.ReadResponseAsync(AnswerTimeout)).Status);
    }
}
