using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Analytics;

/// <summary>
/// Elasticsearch's bulk API as far as a pusher can tell, on a loopback port: <c>POST /_bulk</c> with
/// NDJSON, answered 503 for the first <c>failFirst</c> requests (Elasticsearch busy), then 200 with <c>errors: false</c>
/// and one item per action, keeping every action and document it took.
/// </summary>
internal sealed class BulkReceiver : LoopbackReceiver
{
    private readonly ConcurrentQueue<(JsonElement Action, JsonElement Document)> taken = new();
    private int failuresLeft;
    private int refused;

    private BulkReceiver(int port, int failFirst)
        : base(port) => failuresLeft = failFirst;

    /// <summary>The (action, document) pairs taken, in arrival order.</summary>
    public List<(JsonElement Action, JsonElement Document)> Taken => [.. taken];

    /// <summary>Requests answered 503.</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>Anything but a POST to /_bulk with NDJSON, or a body whose lines do not pair up.</summary>
    public string? Malformed { get; private set; }

    public static BulkReceiver Start(int port, int failFirst)
    {
        var receiver = new BulkReceiver(port, failFirst);
        receiver.Listen();
        return receiver;
    }

    protected override async Task AnswerAsync(HttpListenerContext context, string body)
    {
        if (context.Request.HttpMethod != "POST" || context.Request.Url!.AbsolutePath != "/_bulk" || context.Request.ContentType != "application/x-ndjson")
        {
            Malformed = $"{context.Request.HttpMethod} {context.Request.Url} ({context.Request.ContentType})";
            context.Response.StatusCode = 400;
            return;
        }

        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            Interlocked.Increment(ref refused);
            context.Response.StatusCode = 503;
            return;
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length % 2 != 0 || !body.EndsWith('\n'))
        {
            Malformed = "the body's lines do not pair up or it lacks the final newline: " + body;
        }

        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            taken.Enqueue((JsonDocument.Parse(lines[i]).RootElement.Clone(), JsonDocument.Parse(lines[i + 1]).RootElement.Clone()));
        }

        var items = string.Join(',', Enumerable.Repeat("""{"index":{"status":201}}""", lines.Length / 2));
        var answer = System.Text.Encoding.UTF8.GetBytes($$"""{"took":1,"errors":false,"items":[{{items}}]}""");
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(answer);
    }
}
