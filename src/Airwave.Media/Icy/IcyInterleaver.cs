namespace Airwave.Media.Icy;

/// <summary>
/// Per-listener arithmetic for ICY output: how many audio bytes may be written before the next metadata block is
/// due, so the server writes shared audio slices and metadata blocks without copying audio.
/// </summary>
public sealed class IcyInterleaver
{
    private int sinceMetadata;

    /// <summary>Creates the state for one listener with the announced <c>icy-metaint</c>.</summary>
    public IcyInterleaver(int metaInt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(metaInt);
        MetaInt = metaInt;
    }

    /// <summary>Audio bytes between metadata blocks.</summary>
    public int MetaInt { get; }

    /// <summary>Audio bytes written to this listener so far.</summary>
    public long AudioBytesSent { get; private set; }

    /// <summary>True when <see cref="MetaInt"/> audio bytes have been written since the last block: write a block next.</summary>
    public bool IsMetadataDue => sinceMetadata == MetaInt;

    /// <summary>Audio bytes that may still be written before the next block (0 when one is due).</summary>
    public int AudioBytesUntilMetadata => MetaInt - sinceMetadata;

    /// <summary>
    /// Stateless form: audio bytes to write before the next block boundary when <paramref name="audioBytesSent"/> audio
    /// bytes have been sent (1..metaInt; at a boundary the block there is taken as written).
    /// </summary>
    public static int AudioBytesUntilNextBlock(int metaInt, long audioBytesSent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(metaInt);
        ArgumentOutOfRangeException.ThrowIfNegative(audioBytesSent);
        return metaInt - (int)(audioBytesSent % metaInt);
    }

    /// <summary>How much of <paramref name="available"/> audio to write now: all of it, or up to the next block.</summary>
    public int NextAudioSliceLength(int available)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        return Math.Min(available, AudioBytesUntilMetadata);
    }

    /// <summary>Records audio written; it must not run past the next block.</summary>
    public void AudioWritten(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, AudioBytesUntilMetadata);
        sinceMetadata += count;
        AudioBytesSent += count;
    }

    /// <summary>Records that the due metadata block (possibly the one-byte empty block) was written.</summary>
    public void MetadataWritten()
    {
        if (!IsMetadataDue)
        {
            throw new InvalidOperationException("No metadata block is due yet.");
        }

        sinceMetadata = 0;
    }
}
