using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Operations;
using Microsoft.Playwright;

namespace Airwave.IntegrationTests.Pages;

/// <summary>
/// What a newcomer sees in Chromium on the shipped standalone node: the index page names each channel, explains a channel
/// no source has reached and links the player, HLS and playlists; the player offers a Play button when the browser
/// blocks autoplay. Screenshots land in <see cref="ScreenshotDirectory"/> for a human to look at.
/// </summary>
public sealed class FrontPagesTests(StandaloneNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<StandaloneNode>
{
    private readonly NodeProcess node = fixture.Node;
    private readonly ITestOutputHelper log = output;

    private static string ScreenshotDirectory { get; } = Path.Combine(Path.GetTempPath(), "airwave-screenshots");

    [Fact]
    public async Task Index_page_shows_configured_names_what_never_means_and_links_to_player_hls_and_m3u()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: false);
        var page = chromium.Page;
        await page.GotoAsync(node.Http("/").ToString());
        await ScreenshotAsync(page, "index.png");

        var names = await page.Locator(".channel .name").AllInnerTextsAsync();
        Assert.Contains("Airwave demo", names);
        Assert.Contains("Airwave live", names);
        var live = page.Locator(".channel", new PageLocatorOptions { HasText = "Airwave live" });
        Assert.Contains("none has connected since the node started", await live.InnerTextAsync(), StringComparison.Ordinal);
        foreach (var href in new[] { "/static/player.html?mount=demo", "/static/player.html?mount=demo&offset=300", "/demo.m3u8", "/demo.m3u" })
        {
            Assert.Equal(1, await page.Locator($"a[href=\"{href}\"]").CountAsync());
        }
    }

    [Fact]
    public async Task Player_page_offers_a_play_button_when_autoplay_is_blocked_and_plays_after_a_click()
    {
        await node.WaitForSourceAudioAsync("demo", 14);
        await using var chromium = await HeadlessChromium.LaunchAsync(autoplay: false);
        var page = chromium.Page;
        await page.GotoAsync(node.Http("/static/player.html?mount=demo").ToString());

        var play = page.Locator("#play");
        await play.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        await ScreenshotAsync(page, "player-blocked.png");
        var state = await page.InnerTextAsync("#hls-state");
        Assert.DoesNotContain("NotAllowedError", state, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#offset").CountAsync());

        // hls.js seeks a live stream to its live edge before anything plays, so a playhead above zero alone does not
        // mean sound: wait for it to move half a second past where it stood at the click, unpaused.
        var atClick = await page.EvalOnSelectorAsync<double>("#hls", "e => e.currentTime");
        log.WriteLine($"playhead at the click: {atClick:0.0} s");
        await play.ClickAsync();
        await Poll.UntilAsync(
            () => page.EvalOnSelectorAsync<double>("#hls", "e => e.paused ? -1 : e.currentTime"),
            playhead => playhead > atClick + 0.5,
            TimeSpan.FromSeconds(30),
            "the player to play after the click",
            () => $"state: {state}; console: {string.Join(" | ", chromium.Console)}");
        Assert.True(await play.IsHiddenAsync(), "the Play button stays after playback started");
        await ScreenshotAsync(page, "player-playing.png");
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        log.WriteLine("screenshot: " + path);
    }
}
