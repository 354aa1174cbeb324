namespace Airwave.Persistence;

/// <summary>An event or snapshot as stored: the serializer that wrote it, its stable manifest and its bytes.</summary>
/// <param name="SerializerId">The id of the <see cref="IPayloadCodec"/> that wrote <paramref name="Bytes"/>.</param>
/// <param name="Manifest">The stable name of the payload's type, e.g. "channel.source-connected.v1".</param>
/// <param name="Bytes">The serialized payload.</param>
public sealed record SerializedPayload(int SerializerId, string Manifest, ReadOnlyMemory<byte> Bytes);
