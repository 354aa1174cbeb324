namespace Airwave.Streaming.Listeners;

/// <summary>Waits until a socket has room to send again, for a <see cref="SocketAudioSink"/> whose send the socket did not take whole.</summary>
public interface IWritableWait
{
    /// <summary>
    /// True once the socket can take more bytes or has failed (the next send tells which); false when
    /// <paramref name="cancellationToken"/> is cancelled or there is no waiting any more (the node stops).
    /// </summary>
    ValueTask<bool> WritableAsync(CancellationToken cancellationToken);
}
