using Airwave.Streaming.Sources;
using Akka.Actor;

namespace Airwave.Channels;

/// <summary>What a channel actor is told; each channel has one actor, the only writer of its rewind buffer.</summary>
public abstract record ChannelCommand;

/// <summary>A source asks to feed the channel; the reply says whether it may (one source at a time).</summary>
public sealed record AttachSource(SourceDescriptor Source, IActorRef ReplyTo) : ChannelCommand
{
    /// <summary>
    /// When the source's first chunk starts, for a source that carries another channel's timeline (a rendition's
    /// transcoder); the channel's chunk times then follow it, never the wall clock, so a moment in time is the same
    /// audio in both channels. Null: anchored to the wall clock at the first chunk.
    /// </summary>
    public DateTime? Origin { get; init; }
}

/// <summary>The answer to <see cref="AttachSource"/>.</summary>
/// <param name="Accepted">True when the source now owns the channel.</param>
/// <param name="Reason">Why it was refused, e.g. "Mountpoint in use".</param>
public sealed record SourceAttachResult(bool Accepted, string? Reason);

/// <summary>The next chunk of the attached source.</summary>
/// <remarks>The channel answers its sender with <see cref="ChunkIngested"/>, so an ingest graph sends the next chunk only then and never floods the channel.</remarks>
public sealed record IngestChunk(Guid SourceId, AssembledChunk Chunk) : ChannelCommand;

/// <summary>The answer to <see cref="IngestChunk"/>: the chunk is appended (or dropped) and its buffer is back in the pool.</summary>
public sealed record ChunkIngested
{
    public static ChunkIngested Instance { get; } = new();
}

/// <summary>The source ended or failed; listeners wait or move to the fallback mount.</summary>
public sealed record DetachSource(Guid SourceId, string Reason) : ChannelCommand;

/// <summary>A new title for ICY metadata (from <c>/admin/metadata</c> or the source's stream).</summary>
public sealed record UpdateMetadata(string Title, string? Url) : ChannelCommand
{
    /// <summary>The moment (UTC ticks) the title starts, for a title that follows another channel's timeline: it applies from the chunk holding that moment. Null: from the next chunk.</summary>
    public long? AtTicks { get; init; }
}

/// <summary>Periodic housekeeping: drop listeners over the queue size, disconnect waiters when the source stays away.</summary>
public sealed record SweepChannel : ChannelCommand
{
    public static SweepChannel Instance { get; } = new();
}

/// <summary>Write the rewind buffer to its dump file (periodically and at shutdown).</summary>
public sealed record DumpRewind(IActorRef? ReplyTo) : ChannelCommand;

/// <summary>Write the final rewind dump, then stop; the way a channel is stopped (<c>GracefulStop</c>), so no chunk is lost between the dump and the stop.</summary>
public sealed record StopChannel : ChannelCommand
{
    public static StopChannel Instance { get; } = new();
}

/// <summary>Answered with <see cref="ChannelStarted"/> once the channel restored its buffer and numbering: the mailbox holds every message until then.</summary>
public sealed record AwaitChannelStarted : ChannelCommand
{
    public static AwaitChannelStarted Instance { get; } = new();
}

/// <summary>The answer to <see cref="AwaitChannelStarted"/>.</summary>
public sealed record ChannelStarted
{
    public static ChannelStarted Instance { get; } = new();
}

/// <summary>The answer to <see cref="DumpRewind"/>.</summary>
public sealed record RewindDumped(long Chunks, long Bytes);
