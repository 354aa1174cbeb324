using System.Diagnostics;

namespace Airwave.IntegrationTests.Harness;

/// <summary>A listener that keeps every byte it receives and when it received them, to compare streams and measure stalls.</summary>
internal sealed class RecordingListener : IDisposable
{
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly MemoryStream received = new();
    private readonly List<(long At, long Bytes)> arrivals = [];
    private Task reading = Task.CompletedTask;

    private RecordingListener(Uri url) => Url = url;

    public Uri Url { get; }

    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return received.Length;
            }
        }
    }

    /// <summary>True once the stream ended or failed.</summary>
    public bool Ended => reading.IsCompleted;

    /// <summary>Why reading ended.</summary>
    public string Error { get; private set; } = "";

    public static async Task<RecordingListener> ConnectAsync(Uri url)
    {
        var listener = new RecordingListener(url);
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(listener.stop.Token);
            connect.CancelAfter(TimeSpan.FromSeconds(30));
            var response = await listener.http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, connect.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(connect.Token);
                response.Dispose();
                throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {body}");
            }

            listener.reading = listener.ReadAsync(response);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>A copy of everything received so far.</summary>
    public byte[] Received()
    {
        lock (gate)
        {
            return received.ToArray();
        }
    }

    /// <summary>Waits until <paramref name="more"/> bytes beyond what is there now arrived; throws when the stream ends first.</summary>
    public Task WaitForMoreAsync(long more, TimeSpan timeout) => WaitForBytesAsync(Bytes + more, timeout);

    /// <summary>Waits until at least <paramref name="total"/> bytes arrived in all; throws when the stream ends or the time is up first.</summary>
    public async Task WaitForBytesAsync(long total, TimeSpan timeout)
    {
        await Poll.UntilAsync(() => Task.FromResult((Bytes, Ended)), s => s.Bytes >= total || s.Ended, timeout, $"{total} bytes from {Url}");
        if (Bytes < total)
        {
            throw new IOException($"the listener of {Url} ended after {Bytes} bytes: {Error}");
        }
    }

    /// <summary>The longest time without a byte between <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) and now.</summary>
    public TimeSpan LongestStallSince(long since)
    {
        lock (gate)
        {
            var previous = since;
            long longest = 0;
            foreach (var (at, _) in arrivals.Where(a => a.At > since))
            {
                longest = Math.Max(longest, at - previous);
                previous = at;
            }

            longest = Math.Max(longest, Stopwatch.GetTimestamp() - previous);
            return Stopwatch.GetElapsedTime(0, longest);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        try
        {
            reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        http.Dispose();
        stop.Dispose();
        received.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                while (await body.ReadAsync(buffer, stop.Token) is > 0 and var read)
                {
                    lock (gate)
                    {
                        received.Write(buffer, 0, read);
                        arrivals.Add((Stopwatch.GetTimestamp(), received.Length));
                    }
                }

                Error = "the server closed the stream";
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                Error = e.Message;
            }
        }
    }
}
