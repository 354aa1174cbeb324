using Airwave.IntegrationTests.Harness;
using Microsoft.Playwright;

namespace Airwave.IntegrationTests.Hls;

/// <summary>Headless Debian Chromium plays the node's player page: live HLS through hls.js and the raw mount through an audio element.</summary>
public sealed class BrowserPlaybackTests(BrowserNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<BrowserNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("hls")]
    [InlineData("raw")]
    public async Task The_player_page_plays_the_demo_channel_for_10_seconds(string element)
    {
        await node.WaitForSourceAudioAsync("demo", 14);
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: true);
        var page = chromium.Page;
        await page.GotoAsync(node.Http("/static/player.html?mount=demo&via=" + element).ToString());

        var started = await PlayheadAsync(page, element, chromium.Console, p => p > 0.5, TimeSpan.FromSeconds(30));

        // Ten seconds of audio within fifteen: a player that stops (a playlist not refreshed, a segment missing)
        // never gets there, and a loaded CI machine that starves Chromium for a moment still does.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var later = await PlayheadAsync(page, element, chromium.Console, p => p - started >= 10, TimeSpan.FromSeconds(15));
        Output.WriteLine($"{element}: played {later - started:0.0} s in {clock.Elapsed.TotalSeconds:0.0} s; console: {string.Join(" | ", chromium.Console)}");
    }

    private static async Task<double> PlayheadAsync(IPage page, string element, List<string> console, Func<double, bool> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var playhead = await page.EvalOnSelectorAsync<double>("#" + element, "e => e.currentTime");
            if (ready(playhead))
            {
                return playhead;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{element} is at {playhead:0.0} s after {timeout.TotalSeconds:0} s; state: {await page.InnerTextAsync("#" + element + "-state")}; console: {string.Join(" | ", console)}");
            await Task.Delay(250);
        }
    }
}
