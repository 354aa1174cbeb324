namespace Airwave.Media.Id3;

/// <summary>The ten-byte header of an ID3v2 tag: enough to know how many bytes to skip before audio resumes.</summary>
public readonly record struct Id3v2TagHeader
{
    /// <summary>Bytes in the header (and in the optional footer).</summary>
    public const int Length = 10;

    /// <summary>Major version (2, 3 or 4).</summary>
    public byte MajorVersion { get; init; }

    /// <summary>Revision.</summary>
    public byte Revision { get; init; }

    /// <summary>Raw flags byte.</summary>
    public byte Flags { get; init; }

    /// <summary>Size of the tag body after the header, decoded from its syncsafe form.</summary>
    public int BodySize { get; init; }

    /// <summary>Whether a ten-byte footer follows the body (v2.4 flag bit 4).</summary>
    public bool HasFooter => MajorVersion == 4 && (Flags & 0x10) != 0;

    /// <summary>Bytes the whole tag occupies: header, body and footer.</summary>
    public int TotalSize => Length + BodySize + (HasFooter ? Length : 0);

    /// <summary>Reads a header starting with "ID3"; false when the bytes are not one (or fewer than ten were given).</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out Id3v2TagHeader header)
    {
        header = default;
        if (bytes.Length < Length || !bytes.StartsWith("ID3"u8))
        {
            return false;
        }

        var major = bytes[3];
        if (major is < 2 or > 4 || bytes[4] == 0xFF)
        {
            return false;
        }

        if (((bytes[6] | bytes[7] | bytes[8] | bytes[9]) & 0x80) != 0)
        {
            return false;
        }

        header = new Id3v2TagHeader
        {
            MajorVersion = major,
            Revision = bytes[4],
            Flags = bytes[5],
            BodySize = (bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9],
        };
        return true;
    }
}
