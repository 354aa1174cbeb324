namespace Airwave.Streaming.Chunks;

/// <summary>A chunk as handed to fan-out: the channel, the header, and the payload as a slice of a rewind slab (no copy).</summary>
/// <remarks>The payload stays intact only under the rewind buffer's rule; see <see cref="Rewind.RewindBuffer.IsPayloadIntact"/>.</remarks>
public readonly record struct Chunk(string ChannelId, ChunkHeader Header, ReadOnlyMemory<byte> Payload);
