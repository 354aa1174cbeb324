using System.Buffers.Binary;
using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>Layout of a rewind dump file, version 2 (all integers little-endian).</summary>
/// <remarks>
/// <code>
/// file header  20 B: "AWRB" | u16 version | u16 reserved | i64 max duration ticks | u32 crc32c(previous 16 B)
/// chunk record 48 B: "CHNK" | i64 seq | i64 start ticks | i64 duration ticks | u16 markers | u8 format | u8 reserved
///                    | i32 metadata version | i32 payload length | u32 crc32c(payload) | u32 crc32c(previous 44 B) ;
///                    then the payload
/// end record   16 B: "DONE" | i64 chunk count | u32 crc32c(previous 12 B)
/// </code>
/// Every record checks itself, so a torn or damaged file restores every chunk before the damage. Version 1 had an
/// i32 markers field where version 2 has markers and format; its markers never used the upper bytes, so the same
/// reader takes both and works out a version 1 chunk's format from its payload.
/// </remarks>
internal static class RewindDumpFormat
{
    public const ushort Version = 2;

    /// <summary>The oldest version this build restores.</summary>
    public const ushort OldestReadableVersion = 1;
    public const int FileHeaderSize = 20;
    public const int ChunkRecordSize = 48;
    public const int EndRecordSize = 16;
    public const int MaxPayloadLength = 256 * 1024 * 1024;

    public static readonly uint FileMagic = Tag("AWRB"u8);
    public static readonly uint ChunkTag = Tag("CHNK"u8);
    public static readonly uint EndTag = Tag("DONE"u8);

    public static uint Tag(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    public static void WriteFileHeader(Span<byte> target, TimeSpan maxDuration)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, FileMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(target[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(target[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(target[8..], maxDuration.Ticks);
        BinaryPrimitives.WriteUInt32LittleEndian(target[16..], Crc32C.Compute(target[..16]));
    }

    public static void WriteChunkRecord(Span<byte> target, in ChunkHeader header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, ChunkTag);
        BinaryPrimitives.WriteInt64LittleEndian(target[4..], header.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(target[12..], header.StartTicks);
        BinaryPrimitives.WriteInt64LittleEndian(target[20..], header.DurationTicks);
        BinaryPrimitives.WriteUInt16LittleEndian(target[28..], (ushort)header.Markers);
        target[30] = (byte)header.Format;
        target[31] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(target[32..], header.MetadataVersion);
        BinaryPrimitives.WriteInt32LittleEndian(target[36..], header.PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(target[40..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(target[44..], Crc32C.Compute(target[..44]));
    }

    public static void WriteEndRecord(Span<byte> target, long chunkCount)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, EndTag);
        BinaryPrimitives.WriteInt64LittleEndian(target[4..], chunkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(target[12..], Crc32C.Compute(target[..12]));
    }

    /// <summary>True if the last four bytes of <paramref name="record"/> are the CRC of the bytes before them.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> record) =>
        BinaryPrimitives.ReadUInt32LittleEndian(record[^4..]) == Crc32C.Compute(record[..^4]);
}
