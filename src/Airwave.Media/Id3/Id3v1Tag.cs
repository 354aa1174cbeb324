namespace Airwave.Media.Id3;

/// <summary>Recognizes the fixed 128-byte ID3v1 "TAG" block that files append after the audio, so it can be skipped.</summary>
public static class Id3v1Tag
{
    /// <summary>Bytes in an ID3v1 tag.</summary>
    public const int Length = 128;

    /// <summary>Whether the bytes start with the "TAG" marker.</summary>
    public static bool StartsWithTag(ReadOnlySpan<byte> bytes) => bytes.StartsWith("TAG"u8);
}
