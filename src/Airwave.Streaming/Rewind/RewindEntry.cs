using System.Runtime.InteropServices;
using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>One slot of the rewind ring: a chunk header and where its payload sits in slab memory.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct RewindEntry(ChunkHeader Header, byte[] Slab, int Offset)
{
    public ReadOnlyMemory<byte> Payload => new(Slab, Offset, Header.PayloadLength);
}
