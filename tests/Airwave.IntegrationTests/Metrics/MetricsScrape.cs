using System.Net.Http.Headers;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary>Scrapes a node's <c>/metrics</c> as Prometheus does and checks the text with <c>promtool check metrics</c>.</summary>
internal static class MetricsScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>The listener port's <c>/metrics</c>, parsed.</summary>
    public static async Task<Exposition> ListenerPortAsync(NodeProcess node) => Exposition.Parse(await TextAsync(node.Http("/metrics"), token: null));

    /// <summary>The admin port's <c>/metrics</c> read with <paramref name="token"/>, parsed.</summary>
    public static async Task<Exposition> AdminPortAsync(NodeProcess node, string token) =>
        Exposition.Parse(await TextAsync(new Uri($"http://127.0.0.1:{node.AdminPort}/metrics"), token));

    /// <summary>The body of a successful scrape of <paramref name="url"/>.</summary>
    public static async Task<string> TextAsync(Uri url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return text;
    }

    /// <summary>Polls the listener port until <paramref name="done"/> holds for a scrape.</summary>
    public static Task<Exposition> UntilAsync(NodeProcess node, Func<Exposition, bool> done, string what) =>
        Poll.UntilAsync(() => ListenerPortAsync(node), done, ChannelWaits.Generous, what, () => node.Log.Since(0, 40));
}
