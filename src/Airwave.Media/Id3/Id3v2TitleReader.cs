using System.Buffers.Binary;
using System.Text;

namespace Airwave.Media.Id3;

/// <summary>Reads the title a source put in its stream's ID3v2 tag (TIT2, with TPE1 as the artist), so in-band titles reach ICY listeners.</summary>
/// <remarks>ID3v2.3 and v2.4 frames; an extended header is skipped; unsynchronised or compressed frames are ignored.</remarks>
public static class Id3v2TitleReader
{
    /// <summary>"Artist - Title", the title alone, or null when the tag names none.</summary>
    /// <param name="tag">The whole tag, header included.</param>
    public static string? ReadTitle(ReadOnlySpan<byte> tag)
    {
        if (!Id3v2TagHeader.TryParse(tag, out var header) || header.MajorVersion < 3 || tag.Length < Id3v2TagHeader.Length + header.BodySize
            || (header.Flags & 0x80) != 0)
        {
            return null;
        }

        var body = tag.Slice(Id3v2TagHeader.Length, header.BodySize);
        if ((header.Flags & 0x40) != 0 && !SkipExtendedHeader(ref body, header.MajorVersion))
        {
            return null;
        }

        string? title = null;
        string? artist = null;
        while (body.Length >= 10 && body[0] != 0)
        {
            var id = body[..4];
            var size = header.MajorVersion == 4 ? Syncsafe(body[4..8]) : BinaryPrimitives.ReadInt32BigEndian(body[4..8]);
            var formatFlags = body[9];
            if (size <= 0 || size > body.Length - 10)
            {
                break;
            }

            var content = body.Slice(10, size);
            if ((formatFlags & 0x0F) == 0)
            {
                if (id.SequenceEqual("TIT2"u8))
                {
                    title = DecodeText(content);
                }
                else if (id.SequenceEqual("TPE1"u8))
                {
                    artist = DecodeText(content);
                }
            }

            body = body[(10 + size)..];
        }

        return string.IsNullOrWhiteSpace(title) ? null : string.IsNullOrWhiteSpace(artist) ? title : $"{artist} - {title}";
    }

    private static bool SkipExtendedHeader(ref ReadOnlySpan<byte> body, byte majorVersion)
    {
        if (body.Length < 4)
        {
            return false;
        }

        var size = majorVersion == 4 ? Syncsafe(body[..4]) : BinaryPrimitives.ReadInt32BigEndian(body[..4]) + 4;
        if (size < 4 || size > body.Length)
        {
            return false;
        }

        body = body[size..];
        return true;
    }

    private static int Syncsafe(ReadOnlySpan<byte> bytes) => (bytes[0] << 21) | (bytes[1] << 14) | (bytes[2] << 7) | bytes[3];

    private static string? DecodeText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return null;
        }

        var text = content[1..];
        var decoded = content[0] switch
        {
            0 => Encoding.Latin1.GetString(text),
            1 => DecodeUtf16WithBom(text),
            2 => Encoding.BigEndianUnicode.GetString(text),
            3 => Encoding.UTF8.GetString(text),
            _ => null,
        };
        return decoded?.Split('\0', 2)[0].Trim();
    }

    private static string DecodeUtf16WithBom(ReadOnlySpan<byte> text) =>
        text.Length >= 2 && text[0] == 0xFE && text[1] == 0xFF
            ? Encoding.BigEndianUnicode.GetString(text[2..])
            : Encoding.Unicode.GetString(text.Length >= 2 && text[0] == 0xFF && text[1] == 0xFE ? text[2..] : text);
}
