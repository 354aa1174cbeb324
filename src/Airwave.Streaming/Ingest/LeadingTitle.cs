using System.Buffers;
using Airwave.Media.Id3;

namespace Airwave.Streaming.Ingest;

/// <summary>Reads the title of an ID3v2 tag at the very start of a stream (ffmpeg writes one from the input's metadata).</summary>
/// <remarks>Only peeks: the tag's bytes stay in the stream, and the framer skips them as it skips any tag.</remarks>
public static class LeadingTitle
{
    /// <summary>A larger leading "tag" is taken for garbage rather than held back from the framer.</summary>
    public const int MaxTagBytes = 256 * 1024;

    /// <summary>Looks for a leading tag in the first bytes of the stream.</summary>
    /// <param name="buffer">The stream's bytes from its very start.</param>
    /// <param name="isCompleted">The stream ended: an incomplete tag will never complete.</param>
    /// <param name="title">The tag's title, or null when there is no tag or no title.</param>
    /// <returns>False while the tag is still incomplete.</returns>
    public static bool TryRead(ReadOnlySequence<byte> buffer, bool isCompleted, out string? title)
    {
        title = null;
        Span<byte> head = stackalloc byte[Id3v2TagHeader.Length];
        if (buffer.Length < head.Length)
        {
            return isCompleted;
        }

        buffer.Slice(0, head.Length).CopyTo(head);
        if (!Id3v2TagHeader.TryParse(head, out var header) || header.TotalSize > MaxTagBytes)
        {
            return true;
        }

        if (buffer.Length < header.TotalSize)
        {
            return isCompleted;
        }

        title = Id3v2TitleReader.ReadTitle(buffer.Slice(0, header.TotalSize).ToArray());
        return true;
    }
}
