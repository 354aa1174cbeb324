using System.Buffers;

namespace Airwave.Media.Icy;

/// <summary>
/// Separates audio from metadata blocks in an upstream ICY stream (given its <c>icy-metaint</c>), across arbitrary
/// chunk boundaries, without copying audio: audio and metadata come back as slices of the caller's buffer.
/// </summary>
/// <remarks>Use it like a PipeReader consumer: call <see cref="Read"/> until NeedMoreData, then AdvanceTo(buffer.Start, buffer.End).</remarks>
public sealed class IcyStreamSplitter
{
    private int audioRemaining;

    /// <summary>Creates a splitter for a stream whose metadata interval is <paramref name="metaInt"/> audio bytes.</summary>
    public IcyStreamSplitter(int metaInt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(metaInt);
        MetaInt = metaInt;
        audioRemaining = metaInt;
    }

    /// <summary>Audio bytes between metadata blocks.</summary>
    public int MetaInt { get; }

    /// <summary>Audio bytes returned so far.</summary>
    public long AudioBytes { get; private set; }

    /// <summary>Metadata blocks seen so far, empty ones included.</summary>
    public long MetadataBlocks { get; private set; }

    /// <summary>Returns the next audio slice or whole metadata block in <paramref name="slice"/> and advances the buffer past it.</summary>
    public IcySplitStatus Read(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> slice)
    {
        slice = default;
        while (!buffer.IsEmpty)
        {
            if (audioRemaining > 0)
            {
                var count = (int)Math.Min(audioRemaining, buffer.Length);
                slice = buffer.Slice(0, count);
                buffer = buffer.Slice(count);
                audioRemaining -= count;
                AudioBytes += count;
                return IcySplitStatus.Audio;
            }

            var metadataLength = buffer.FirstSpan[0] * 16;
            if (buffer.Length < 1 + metadataLength)
            {
                return IcySplitStatus.NeedMoreData;
            }

            slice = buffer.Slice(1, metadataLength);
            buffer = buffer.Slice(1 + metadataLength);
            audioRemaining = MetaInt;
            MetadataBlocks++;
            if (metadataLength > 0)
            {
                return IcySplitStatus.Metadata;
            }
        }

        slice = default;
        return IcySplitStatus.NeedMoreData;
    }
}
