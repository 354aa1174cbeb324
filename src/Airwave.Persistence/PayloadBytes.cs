using System.Runtime.InteropServices;

namespace Airwave.Persistence;

/// <summary>Hands payload memory to ADO.NET as an array without copying when it already is one.</summary>
internal static class PayloadBytes
{
    public static byte[] AsArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
