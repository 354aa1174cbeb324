using System.Buffers;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// What the binary forms of session state share (<see cref="SessionProgress"/> rows, <see cref="SessionCheckpointFormat"/>
/// states): ids a node generated as their 16 bytes, and signed numbers whose size follows their magnitude.
/// </summary>
internal static class SessionBinary
{
    /// <summary>An id of 32 lowercase hex digits (every session id and node run a node makes) follows as its 16 bytes.</summary>
    private const byte HexId = 0;

    /// <summary>Any other id (one a client presented) follows as a string.</summary>
    private const byte TextId = 1;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static void WriteId(BinaryWriter writer, string id)
    {
        if (id.Length == 32 && !id.AsSpan().ContainsAnyExcept(LowerHex))
        {
            Span<byte> bytes = stackalloc byte[16];
            Convert.FromHexString(id, bytes, out _, out _);
            writer.Write(HexId);
            writer.Write(bytes);
        }
        else
        {
            writer.Write(TextId);
            writer.Write(id);
        }
    }

    /// <exception cref="EndOfStreamException">The id is cut short.</exception>
    /// <exception cref="InvalidDataException">The id is of a kind this version does not know.</exception>
    public static string ReadId(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        return reader.ReadByte() switch
        {
            HexId when reader.Read(bytes) == bytes.Length => Convert.ToHexStringLower(bytes),
            HexId => throw new EndOfStreamException("a session id is cut short"),
            TextId => reader.ReadString(),
            var kind => throw new InvalidDataException($"a session id of kind {kind}"),
        };
    }

    /// <summary>A signed number in as few bytes as its magnitude needs (0, -1, 1, -2 … as 0, 1, 2, 3 …).</summary>
    public static void WriteSigned(BinaryWriter writer, long value) => writer.Write7BitEncodedInt64((value << 1) ^ (value >> 63));

    public static long ReadSigned(BinaryReader reader)
    {
        var encoded = reader.Read7BitEncodedInt64();
        return (long)((ulong)encoded >> 1) ^ -(encoded & 1);
    }
}
