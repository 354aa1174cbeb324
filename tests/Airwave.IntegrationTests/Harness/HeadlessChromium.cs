using Microsoft.Playwright;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Debian's Chromium driven by Playwright, headless, with a throwaway profile; dispose closes it and deletes the profile.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly DirectoryInfo profile;
    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;

    private HeadlessChromium(DirectoryInfo profile, IPlaywright playwright, IBrowserContext context, IPage page)
    {
        this.profile = profile;
        this.playwright = playwright;
        this.context = context;
        Page = page;
        page.Console += (_, message) => Console.Add(message.Text);
        // The console says only that a resource failed; the address says which.
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Console.Add($"{response.Status} {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>What the page logged, for failure messages.</summary>
    public List<string> Console { get; } = [];

    /// <summary>
    /// Starts Chromium. <paramref name="autoplay"/> lets pages start sound without a click; without it Chromium blocks
    /// sound until the user interacts, as a visitor's browser does. <paramref name="ignoreHttpsErrors"/> accepts any
    /// certificate, for the pages of a node with a self-signed one.
    /// </summary>
    public static async Task<HeadlessChromium> LaunchAsync(bool autoplay, bool ignoreHttpsErrors = false)
    {
        Assert.True(File.Exists(Executable), "Debian's chromium is missing: run scripts/install-test-deps.sh");
        var profile = Directory.CreateTempSubdirectory("airwave-chromium-");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                ViewportSize = new ViewportSize { Width = 1000, Height = 800 },
                IgnoreHTTPSErrors = ignoreHttpsErrors,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    autoplay ? "--autoplay-policy=no-user-gesture-required" : "--autoplay-policy=document-user-activation-required",
                ],
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new HeadlessChromium(profile, playwright, context, page);
        }
        catch
        {
            playwright.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        playwright.Dispose();
        profile.Delete(recursive: true);
    }
}
