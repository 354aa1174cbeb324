using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>An HTTP server on a loopback port (HttpListener) that answers 202 to every POST and keeps each body by path: the webhook and PagerDuty receiver.</summary>
internal sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> received = new();

    private AlertReceiver(int port)
    {
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public static AlertReceiver Start(int port) => new(port);

    /// <summary>The JSON bodies POSTed to <paramref name="path"/>, in arrival order.</summary>
    public List<JsonElement> Bodies(string path) => [.. received.Where(r => r.Path == path).Select(r => r.Body)];

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
                using var document = JsonDocument.Parse(await reader.ReadToEndAsync());
                received.Enqueue((context.Request.Url!.AbsolutePath, document.RootElement.Clone()));
            }

            context.Response.StatusCode = 202;
            context.Response.Close();
        }
    }
}
