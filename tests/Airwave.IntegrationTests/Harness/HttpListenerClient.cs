namespace Airwave.IntegrationTests.Harness;

/// <summary>A listener that reads a stream continuously in the background and counts what it got.</summary>
internal sealed class HttpListenerClient : IDisposable
{
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource stop = new();
    private Task reading = Task.CompletedTask;
    private long bytes;

    private HttpListenerClient()
    {
    }

    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>True once the stream ended or failed.</summary>
    public bool Ended => reading.IsCompleted;

    /// <summary>Why reading ended, for messages.</summary>
    public string Error { get; private set; } = "";

    /// <summary>GETs <paramref name="url"/>, checks the 200 and starts reading.</summary>
    public static async Task<HttpListenerClient> ConnectAsync(Uri url)
    {
        var client = new HttpListenerClient();
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(client.stop.Token);
            connect.CancelAfter(TimeSpan.FromSeconds(30));
            var response = await client.http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, connect.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(connect.Token);
                response.Dispose();
                throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {body}");
            }

            client.reading = client.ReadAsync(response);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Waits until at least <paramref name="total"/> bytes arrived in all; throws when the stream ends or the time is up first.</summary>
    public async Task WaitForBytesAsync(long total, TimeSpan timeout)
    {
        var (received, _) = await Poll.UntilAsync(() => Task.FromResult((Bytes, Ended)), s => s.Bytes >= total || s.Ended, timeout, $"{total} bytes on the listener");
        if (received < total)
        {
            throw new IOException($"the listener's stream ended after {received} bytes: {Error}");
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
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                int read;
                while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
                {
                    Interlocked.Add(ref bytes, read);
                }

                Error = "the server ended the stream";
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                Error = e.Message;
            }
        }
    }
}
