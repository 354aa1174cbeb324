using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.TimeShift;

/// <summary>Time-shifted listening checked by what is heard: each request must start in the tone segment it points into.</summary>
public sealed class TimeShiftTests(ToneSequenceNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<ToneSequenceNode>
{
    private const int SampleRate = 44100;
    private static readonly TimeSpan BufferTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Offset_in_seconds_plays_from_the_first_tone()
    {
        var channel = await BufferedAsync(18);
        var target = channel.OldestUtc().AddSeconds(4);
        var offset = (int)Math.Round((DateTime.UtcNow - target).TotalSeconds);

        await AssertPlaysToneAsync($"/tones?offset={offset}", 440, target.AddSeconds(-2), target.AddSeconds(2));
    }

    [Fact]
    public async Task At_an_iso_instant_plays_from_the_second_tone()
    {
        var channel = await BufferedAsync(18);
        var target = channel.OldestUtc().AddSeconds(12);
        var at = Uri.EscapeDataString(target.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

        await AssertPlaysToneAsync($"/tones?at={at}", 880, target.AddSeconds(-1), target);
    }

    [Fact]
    public async Task Live_path_form_with_an_iso_instant_plays_from_the_third_tone()
    {
        var channel = await BufferedAsync(22);
        var wanted = channel.OldestUtc().AddSeconds(19);
        var target = wanted.AddTicks(-(wanted.Ticks % TimeSpan.TicksPerSecond));
        var when = target.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        await AssertPlaysToneAsync($"/tones/live/{when}", 1320, target.AddSeconds(-1), target);
    }

    [Fact]
    public async Task Query_names_are_read_in_any_case_and_a_repeated_offset_is_refused()
    {
        await BufferedAsync(4);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var anyCase = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, node.Http("/tones?OFFSET=3600")));
        Assert.Equal(200, (int)anyCase.StatusCode);
        Assert.InRange(Header(anyCase, "X-Airwave-Requested-Start"), DateTime.UtcNow.AddHours(-1).AddMinutes(-1), DateTime.UtcNow.AddHours(-1).AddMinutes(1));

        // Read as Kestrel reads a query: the two values join as "3600,10", which is no offset.
        using var repeated = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, node.Http("/tones?offset=3600&offset=10")));
        Assert.Equal(400, (int)repeated.StatusCode);
    }

    [Fact]
    public async Task Request_older_than_the_buffer_starts_at_its_oldest_audio_and_says_so()
    {
        var channel = await BufferedAsync(4);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Head, node.Http("/tones?offset=3600"));

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var start = Header(response, "X-Airwave-Playback-Start");
        var requested = Header(response, "X-Airwave-Requested-Start");
        Assert.Equal(channel.OldestUtc(), start);
        Assert.InRange(requested, DateTime.UtcNow.AddHours(-1).AddMinutes(-1), DateTime.UtcNow.AddHours(-1).AddMinutes(1));
    }

    /// <summary>Waits until the buffer holds <paramref name="seconds"/> of the sequence (the source may have finished by then).</summary>
    private Task<JsonElement> BufferedAsync(double seconds) =>
        node.WaitForChannelAsync("tones", c => c.BufferSeconds() >= seconds, $"{seconds}s of tones buffered", BufferTimeout);

    /// <summary>Checks the announced playback start lies in [<paramref name="earliest"/>, <paramref name="latest"/>], then records 2 s and checks the pitch.</summary>
    private async Task AssertPlaysToneAsync(string pathAndQuery, int hertz, DateTime earliest, DateTime latest)
    {
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        using (var head = new HttpRequestMessage(HttpMethod.Head, node.Http(pathAndQuery)))
        using (var response = await http.SendAsync(head))
        {
            Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.InRange(Header(response, "X-Airwave-Playback-Start"), earliest, latest);
            Assert.False(response.Headers.Contains("X-Airwave-Requested-Start"), "a request inside the buffer was flagged as before it");
        }

        var file = Path.Combine(node.RootDirectory, $"shift-{hertz}-{Guid.NewGuid():N}.mp3");
        var recorded = await FfmpegProcess.RecordAsync(node.Http(pathAndQuery), 2, file, TimeSpan.FromSeconds(60));
        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");
        var pcm = await FfmpegProcess.DecodePcmAsync(file, SampleRate);
        var heard = ToneAnalysis.DominantFrequency(pcm, SampleRate);
        Assert.InRange(heard, hertz * 0.95, hertz * 1.05);
    }

    private static DateTime Header(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"no {name} header");
        return DateTime.Parse(values.Single(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
