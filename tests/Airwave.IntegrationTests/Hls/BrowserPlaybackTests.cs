using Airwave.IntegrationTests.Harness;
using Microsoft.Playwright;

namespace Airwave.IntegrationTests.Hls;

/// <summary>Headless Debian Chromium plays the node's player page: live HLS through hls.js and the raw mount through an audio element.</summary>
public sealed class BrowserPlaybackTests(BrowserNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<BrowserNode>
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("hls")]
    [InlineData("raw")]
    public async Task The_player_page_plays_the_demo_channel_for_10_seconds(string element)
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is missing: run scripts/install-test-deps.sh");
        await node.WaitForSourceAudioAsync("demo", 14);
        var profile = Directory.CreateTempSubdirectory("airwave-chromium-");
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                ],
            });
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);
            await page.GotoAsync(node.Http("/static/player.html?mount=demo").ToString());

            var started = await PlayheadAsync(page, element, console, p => p > 0.5, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(10));
            var later = await PlayheadAsync(page, element, console, _ => true, TimeSpan.FromSeconds(5));

            Assert.True(later - started >= 8.5, $"{element} played {later - started:0.0} s in 10 s; state: {await page.InnerTextAsync("#" + element + "-state")}; console: {string.Join(" | ", console)}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
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
