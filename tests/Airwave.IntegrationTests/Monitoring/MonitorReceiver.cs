using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Monitoring;

/// <summary>A monitoring receiver on a loopback port: answers 204 to every POST and keeps each body, by path, with its Authorization header.</summary>
internal sealed class MonitorReceiver : LoopbackReceiver
{
    private readonly ConcurrentQueue<Push> received = new();

    private MonitorReceiver(int port)
        : base(port)
    {
    }

    /// <summary>One POST as it arrived.</summary>
    public sealed record Push(string Path, string? Authorization, JsonElement Body, string Text);

    public static MonitorReceiver Start(int port)
    {
        var receiver = new MonitorReceiver(port);
        receiver.Listen();
        return receiver;
    }

    /// <summary>The pushes to <paramref name="path"/>, in arrival order.</summary>
    public List<Push> Pushes(string path) => [.. received.Where(r => r.Path == path)];

    protected override Task AnswerAsync(HttpListenerContext context, string body)
    {
        using var document = JsonDocument.Parse(body);
        received.Enqueue(new Push(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], document.RootElement.Clone(), body));
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
