namespace Airwave.Streaming.Listeners;

/// <summary>Where a listener session writes: slices of shared memory (rewind-buffer slabs, the encoded ICY block) gathered until a flush.</summary>
/// <remarks>What is written must stay valid until the next <see cref="FlushAsync"/> completes; the rewind buffer's recycle guard
/// keeps slab payloads valid far longer than a listener may lag before the queue-size rule drops it.</remarks>
public interface IAudioSink
{
    /// <summary>Queues <paramref name="bytes"/> for the next flush.</summary>
    void Write(ReadOnlyMemory<byte> bytes);

    /// <summary>Sends what was written; false when the listener is gone.</summary>
    ValueTask<bool> FlushAsync(CancellationToken cancellationToken);

    /// <summary>Sends what was written as far as it goes without waiting: the fan-out's thread must never block on one listener.</summary>
    FlushOutcome TryFlush();

    /// <summary>Ends a flush under way, and fails every later one: the listener was dropped. Safe from any thread, and after the connection closed.</summary>
    void Abort();
}
