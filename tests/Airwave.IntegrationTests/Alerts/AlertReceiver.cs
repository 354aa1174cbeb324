using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>An HTTP server on a loopback port that answers 202 to every POST and keeps each body by path: the webhook and PagerDuty receiver.</summary>
internal sealed class AlertReceiver : LoopbackReceiver
{
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> received = new();

    private AlertReceiver(int port)
        : base(port)
    {
    }

    public static AlertReceiver Start(int port)
    {
        var receiver = new AlertReceiver(port);
        receiver.Listen();
        return receiver;
    }

    /// <summary>The JSON bodies POSTed to <paramref name="path"/>, in arrival order.</summary>
    public List<JsonElement> Bodies(string path) => [.. received.Where(r => r.Path == path).Select(r => r.Body)];

    protected override Task AnswerAsync(HttpListenerContext context, string body)
    {
        using var document = JsonDocument.Parse(body);
        received.Enqueue((context.Request.Url!.AbsolutePath, document.RootElement.Clone()));
        context.Response.StatusCode = 202;
        return Task.CompletedTask;
    }
}
