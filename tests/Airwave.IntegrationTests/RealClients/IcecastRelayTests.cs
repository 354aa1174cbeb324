using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>A real Icecast 2 relaying <c>/live</c> (<c>&lt;relay&gt;</c> with <c>relay-shoutcast-metadata</c>) passes our audio and titles on to its own listeners.</summary>
[Collection("real clients")]
public sealed class IcecastRelayTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    [Fact]
    public async Task A_listener_of_the_icecast_relay_hears_our_audio_and_the_title_we_set()
    {
        var title = "Airwave Testers - Relayed " + Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = (await Poll.UntilAsync(
            () => ListenAsync(http, cancel.Token),
            r => r is not null,
            TimeSpan.FromSeconds(30),
            "icecast to relay /live",
            () => fixture.Icecast.Output.Text))!;
        var metaInt = int.Parse(response.Headers.GetValues("icy-metaint").Single(), System.Globalization.CultureInfo.InvariantCulture);

        await fixture.SetTitleAsync(title);
        await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
        using var audio = new MemoryStream();
        var reader = new IcyStreamReader(body, metaInt, audio);
        string metadata;
        do
        {
            metadata = await reader.NextMetadataAsync(cancel.Token);
        }
        while (!metadata.Contains(title, StringComparison.Ordinal));

        await reader.ReadAudioAsync(5 * 16_000, cancel.Token);
        var file = Path.Combine(fixture.NewOutputDirectory("icecast-relay"), "relayed.mp3");
        // The capture starts and stops at byte counts, not frame boundaries: a decoder reports the partial frame at the
        // start before it resyncs, and the cut last frame as an overrun ("invalid new backstep"). Every whole frame
        // between them must decode cleanly.
        var bytes = audio.ToArray();
        var (first, end) = WholeFrames(bytes);
        await File.WriteAllBytesAsync(file, bytes[first..end], cancel.Token);
        Assert.Equal($"StreamTitle='{title}';", metadata);
        await HeardTone.AssertFileAsync(file, 4, RealClientNode.ToneHertz, "icecast relay");
    }

    /// <summary>Connects to Icecast's <c>/live</c> asking for ICY metadata; null while Icecast has not started the relay (404).</summary>
    private async Task<HttpResponseMessage?> ListenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var listen = new HttpRequestMessage(HttpMethod.Get, fixture.Icecast.ListenUrl("/live"));
        listen.Headers.Add("Icy-MetaData", "1");
        var response = await http.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        response.Dispose();
        return null;
    }

    /// <summary>
    /// Where the whole MPEG-1 Layer III frames of <paramref name="mp3"/> start (the first header whose frame is followed
    /// by another header) and end (after the last frame that fits entirely).
    /// </summary>
    private static (int First, int End) WholeFrames(byte[] mp3)
    {
        int[] kilobits = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
        int[] rates = [44_100, 48_000, 32_000];
        int Length(int at)
        {
            if (at + 4 > mp3.Length || mp3[at] != 0xFF || (mp3[at + 1] & 0xFE) != 0xFA)
            {
                return 0;
            }

            int bitrate = mp3[at + 2] >> 4, rate = (mp3[at + 2] >> 2) & 3, padding = (mp3[at + 2] >> 1) & 1;
            return bitrate is 0 or 15 || rate == 3 ? 0 : (144 * kilobits[bitrate] * 1000 / rates[rate]) + padding;
        }

        for (var at = 0; at < mp3.Length; at++)
        {
            if (Length(at) is > 0 and var length && Length(at + length) > 0)
            {
                var end = at;
                while (Length(end) is > 0 and var whole && end + whole <= mp3.Length)
                {
                    end += whole;
                }

                return (at, end);
            }
        }

        return (0, 0);
    }
}
