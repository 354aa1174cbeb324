using System.Net.Sockets;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;

namespace Airwave.Node.Icecast;

/// <summary>Where a listener's answer goes: a Kestrel response, or the raw connection of the connection-level fast path.</summary>
internal interface IListenerTransport
{
    /// <summary>Cancelled when the listener goes away.</summary>
    CancellationToken Aborted { get; }

    /// <summary>Ends <paramref name="handle"/> (<see cref="ListenerHandle.ConnectionGone"/>) when the listener goes away; dispose the result when its session ends.</summary>
    CancellationTokenRegistration EndWhenGone(ListenerHandle handle);

    /// <summary>Where the session's audio goes once the head was sent.</summary>
    IAudioSink Audio { get; }

    /// <summary>The listener's socket, to cap its send buffer; null when the transport has none.</summary>
    Socket? Socket { get; }

    /// <summary>Answers with an error status and a short plain-text message.</summary>
    Task RefuseAsync(int status, string message);

    /// <summary>Sends the <c>200 OK</c> head; <paramref name="bodyFollows"/> is false for <c>HEAD</c>.</summary>
    Task SendHeadAsync(ListenerHead head, bool bodyFollows, CancellationToken cancellationToken);

    /// <summary>Drops the connection without a graceful end (a dropped listener).</summary>
    void Abort();
}
