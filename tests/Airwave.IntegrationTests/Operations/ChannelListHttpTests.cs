using System.Net;
using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>A channel list fetched over HTTP: applied when it answers, kept when it fails.</summary>
public sealed class ChannelListHttpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_list_served_over_http_is_applied_and_a_failing_server_stops_nothing()
    {
        var port = FreePorts.Next();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var status = 200;
        using var stop = new CancellationTokenSource();
        // Ends with an exception once the listener stops, after the test.
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var context = await server.GetContextAsync();
                var body = Encoding.UTF8.GetBytes("channels = [ { name = remote, password = pw, title = \"Remote FM\" } ]");
                context.Response.StatusCode = Volatile.Read(ref status);
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        await using var node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""airwave { channels-from = "http://127.0.0.1:{{port}}/channels.conf", channels-from-interval = 1s }""",
        });
        async Task<string[]> ChannelIdsAsync() =>
            [.. (await node.GetAdminJsonAsync("api/channels")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

        try
        {
            await Poll.UntilAsync(ChannelIdsAsync, ids => ids.Contains("remote"), Patience, "/remote started from the list");

            Volatile.Write(ref status, 500);
            await Poll.UntilAsync(() => Task.FromResult(node.Log.Text), log => log.Contains("HTTP 500", StringComparison.Ordinal), Patience, "the failing list in the log");
            Assert.Contains("remote", await ChannelIdsAsync());
        }
        finally
        {
            output.WriteLine(node.Log.Text);
            await stop.CancelAsync();
            server.Stop();
        }
    }
}
