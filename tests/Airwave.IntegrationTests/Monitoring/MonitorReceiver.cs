using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Airwave.IntegrationTests.Monitoring;

/// <summary>A monitoring receiver on a loopback port (HttpListener): answers 204 to every POST and keeps each body, by path, with its Authorization header.</summary>
internal sealed class MonitorReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Push> received = new();

    private MonitorReceiver(int port)
    {
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>One POST as it arrived.</summary>
    public sealed record Push(string Path, string? Authorization, JsonElement Body, string Text);

    public static MonitorReceiver Start(int port) => new(port);

    /// <summary>The pushes to <paramref name="path"/>, in arrival order.</summary>
    public List<Push> Pushes(string path) => [.. received.Where(r => r.Path == path)];

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var text = await reader.ReadToEndAsync();
                using var document = JsonDocument.Parse(text);
                received.Enqueue(new Push(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], document.RootElement.Clone(), text));
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }
}
