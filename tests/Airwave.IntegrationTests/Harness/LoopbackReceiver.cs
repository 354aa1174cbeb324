using System.Net;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// An HTTP server on a loopback port (HttpListener) for what a node sends out (webhooks, PagerDuty events, monitoring
/// pushes, Elasticsearch bulk requests): each request's body is read whole and handed to <see cref="AnswerAsync"/>, which
/// keeps what the test needs and sets the response.
/// </summary>
internal abstract class LoopbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();

    protected LoopbackReceiver(int port) => listener.Prefixes.Add($"http://127.0.0.1:{port}/");

    public void Dispose() => listener.Close();

    /// <summary>Answers one request whose body was <paramref name="body"/>; the response is closed after it.</summary>
    protected abstract Task AnswerAsync(HttpListenerContext context, string body);

    /// <summary>Starts listening; called by each receiver's factory once it is constructed, so no request meets a half-built receiver.</summary>
    protected void Listen()
    {
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

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

            using (context.Response)
            {
                string body;
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    body = await reader.ReadToEndAsync();
                }

                await AnswerAsync(context, body);
            }
        }
    }
}
