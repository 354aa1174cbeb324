using System.Net.Http.Headers;
using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>Titles set through Icecast's <c>/admin/metadata</c> reach listeners that asked for ICY metadata.</summary>
public sealed class IcyMetadataTests(IcyNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<IcyNode>
{
    private const string Title = "Airwave Testers - Integration Song (ü)";
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Title_set_with_source_credentials_arrives_as_stream_title_between_audio_blocks()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-icy@127.0.0.1:{node.HttpPort}/icy", "audio/mpeg", "mp3", node.Log);
        await node.WaitForSourceAudioAsync("icy", 1);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        using (var update = new HttpRequestMessage(HttpMethod.Get, node.Http("/admin/metadata?mount=/icy&mode=updinfo&song=" + Uri.EscapeDataString(Title))))
        {
            update.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("source:pw-icy")));
            using var updated = await http.SendAsync(update);
            Assert.Equal(200, (int)updated.StatusCode);
        }

        using var listen = new HttpRequestMessage(HttpMethod.Get, node.Http("/icy"));
        listen.Headers.Add("Icy-MetaData", "1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.TryGetValues("icy-metaint", out var metaInt), "no icy-metaint header");
        Assert.Equal("4000", metaInt.Single());

        await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
        using var audio = new MemoryStream();
        var reader = new IcyStreamReader(body, 4000, audio);
        var metadata = await reader.NextMetadataAsync(cancel.Token);
        Assert.Equal($"StreamTitle='{Title}';", metadata);

        await reader.ReadAudioAsync(8 * 4000, cancel.Token);
        var file = Path.Combine(node.RootDirectory, "icy-audio.mp3");
        await File.WriteAllBytesAsync(file, audio.ToArray(), cancel.Token);
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task Title_update_with_a_wrong_password_is_refused()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var update = new HttpRequestMessage(HttpMethod.Get, node.Http("/admin/metadata?mount=/icy&mode=updinfo&song=nope"));
        update.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("source:wrong")));

        using var response = await http.SendAsync(update);

        Assert.Equal(401, (int)response.StatusCode);
    }
}
