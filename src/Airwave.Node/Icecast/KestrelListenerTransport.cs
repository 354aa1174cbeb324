using System.Net.Sockets;
using Airwave.Node.Http;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;
using Microsoft.AspNetCore.Connections.Features;

namespace Airwave.Node.Icecast;

/// <summary>A listener answered through Kestrel's HTTP response (HTTP/2, or requests the connection-level path declined).</summary>
internal sealed class KestrelListenerTransport(HttpContext context) : IListenerTransport
{
    public CancellationToken Aborted => context.RequestAborted;

    public CancellationTokenRegistration EndWhenGone(ListenerHandle handle) => handle.EndWith(context.RequestAborted);

    public IAudioSink Audio { get; } = new PipeAudioSink(context.Response.BodyWriter);

    public Socket? Socket => context.Features.Get<IConnectionSocketFeature>()?.Socket;

    public Task RefuseAsync(int status, string message) => PlainText.WriteAsync(context.Response, status, message);

    public Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        var fields = new ResponseFields(response.Headers);
        head.WriteFields(ref fields);
        return bodyFollows ? response.StartAsync(cancellationToken) : Task.CompletedTask;
    }

    public void Abort() => context.Abort();

    /// <summary>A head's fields as response headers: Kestrel keeps strings, so a formatted value becomes one.</summary>
    private readonly struct ResponseFields(IHeaderDictionary headers) : IHeadFields
    {
        public void Add(string name, string value) => headers[name] = value;

        public void Add(string name, ReadOnlySpan<char> value) => headers[name] = value.ToString();
    }
}
