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
        await Task.Delay(TimeSpan.FromSeconds(10));
        var later = await PlayheadAsync(page, element, chromium.Console, _ => true, TimeSpan.FromSeconds(5));

        Assert.True(later - started >= 8.5, $"{element} played {later - started:0.0} s in 10 s; state: {await page.InnerTextAsync("#" + element + "-state")}; console: {string.Join(" | ", chromium.Console)}");
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

            Assert.True(DateTime.UtcNow < deadline, $"{element} did not start playing; state: {await page.InnerTextAsync("#" + element + "-state")}; console: {string.Join(" | ", console)}");
            await Task.Delay(250);
        }
    }
}
