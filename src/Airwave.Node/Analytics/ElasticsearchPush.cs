using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Airwave.Streaming.Analytics;

namespace Airwave.Node.Analytics;

/// <summary>
/// Pushes listening events to Elasticsearch's bulk API (<c>POST {url}/_bulk</c>, NDJSON: an <c>index</c> action and the
/// event per line), as StreamMachine did: in batches, retried with backoff while Elasticsearch is down or busy, from a
/// bounded queue that drops its oldest events rather than ever holding up the recorder, let alone the audio.
/// </summary>
/// <remarks>
/// Events Elasticsearch rejects one by one (a mapping conflict: the bulk answer's <c>errors</c>) are counted and not
/// retried, since sending them again would be rejected again; a refused request (4xx other than 429) is dropped likewise.
/// </remarks>
internal sealed class ElasticsearchPush : IListenEventSink
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    private readonly ElasticsearchSettings settings;
    private readonly HttpClient http;
    private readonly ILogger log;
    private readonly Channel<ListenEvent> queue;
    private readonly Uri bulk;
    private readonly string action;
    private long pushed;
    private long dropped;
    private long rejected;

    public ElasticsearchPush(ElasticsearchSettings settings, HttpClient http, ILogger<ElasticsearchPush> log)
    {
        this.settings = settings;
        this.http = http;
        this.log = log;
        queue = Channel.CreateBounded<ListenEvent>(
            new BoundedChannelOptions(settings.QueueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref dropped));
        bulk = new Uri(settings.Url.AbsoluteUri.TrimEnd('/') + "/_bulk");
        action = JsonSerializer.Serialize(new { index = new { _index = settings.Index } });
    }

    /// <summary>Events Elasticsearch took.</summary>
    public long Pushed => Interlocked.Read(ref pushed);

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Events Elasticsearch refused.</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>How long one bulk request may take: what a stopping node waits for the last events.</summary>
    public TimeSpan Timeout => settings.Timeout;

    /// <summary>No more events come: <see cref="RunAsync"/> returns once it sent what is queued.</summary>
    public void Complete() => queue.Writer.TryComplete();

    public void Offer(IReadOnlyList<ListenEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var listenEvent in events)
        {
            queue.Writer.TryWrite(listenEvent);
        }
    }

    /// <summary>Sends batches until <see cref="Complete"/> and the queue is empty, or until cancelled: what is queued then is lost, as in a crash (the database has every listen).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<ListenEvent>(settings.BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < settings.BatchSize && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await SendAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(List<ListenEvent> batch, CancellationToken cancellationToken)
    {
        var body = Body(batch);
        var wait = FirstRetry;
        var failing = false;
        while (true)
        {
            var outcome = await PostAsync(body, cancellationToken).ConfigureAwait(false);
            if (outcome.Done)
            {
                if (failing)
                {
                    log.LogInformation("Elasticsearch at {Url} takes listening events again", settings.Url);
                }

                Interlocked.Add(ref pushed, batch.Count - outcome.Rejected);
                Interlocked.Add(ref rejected, outcome.Rejected);
                if (outcome.Rejected > 0)
                {
                    log.LogWarning("Elasticsearch rejected {Count} of {Total} listening events: {Reason}", outcome.Rejected, batch.Count, outcome.Reason);
                }

                return;
            }

            if (!failing)
            {
                failing = true;
                log.LogWarning("could not push listening events to Elasticsearch at {Url}: {Reason}; retrying, up to {Queue} events wait", settings.Url, outcome.Reason, settings.QueueSize);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = wait * 2 < LongestRetry ? wait * 2 : LongestRetry;
        }
    }

    private async Task<BulkOutcome> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, bulk) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        if (settings.Authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", settings.Authorization);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return BulkOutcome.Read(answer);
            }

            var reason = $"{(int)response.StatusCode} {answer[..Math.Min(answer.Length, 200)]}";
            return response.StatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                ? BulkOutcome.Retry(reason)
                : new BulkOutcome(true, CountOf(body), reason);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return BulkOutcome.Retry(e.Message);
        }
    }

    private byte[] Body(List<ListenEvent> batch)
    {
        var text = new StringBuilder();
        foreach (var listenEvent in batch)
        {
            text.Append(action).Append('\n').Append(JsonSerializer.Serialize(ListenDocument.Of(listenEvent), AnalyticsJson.Options)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static int CountOf(byte[] body) => body.Count(b => b == (byte)'\n') / 2;

    /// <summary>What one bulk request came to.</summary>
    /// <param name="Done">True when the batch is settled (taken, or refused for good); false to send it again.</param>
    /// <param name="Rejected">Events refused for good.</param>
    /// <param name="Reason">Why, when not all were taken.</param>
    private sealed record BulkOutcome(bool Done, int Rejected, string Reason)
    {
        public static BulkOutcome Retry(string reason) => new(false, 0, reason);

        /// <summary>Reads a 2xx bulk answer: <c>errors</c> true means some items failed, each with its own <c>error</c>.</summary>
        public static BulkOutcome Read(string answer)
        {
            try
            {
                using var document = JsonDocument.Parse(answer);
                var root = document.RootElement;
                if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.True || !root.TryGetProperty("items", out var items))
                {
                    return new BulkOutcome(true, 0, "");
                }

                var failed = items.EnumerateArray().Select(i => i.EnumerateObject().FirstOrDefault().Value).Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("error", out _)).ToList();
                var first = failed.Count > 0 ? failed[0].GetProperty("error").ToString() : "";
                return new BulkOutcome(true, failed.Count, first);
            }
            catch (JsonException)
            {
                return new BulkOutcome(true, 0, "");
            }
        }
    }
}
