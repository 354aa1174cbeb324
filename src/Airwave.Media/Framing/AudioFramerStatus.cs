namespace Airwave.Media.Framing;

/// <summary>What one call to <see cref="AudioFramer.Read"/> produced.</summary>
public enum AudioFramerStatus
{
    /// <summary>No whole frame in the buffer: advance the reader (consumed = buffer.Start, examined = buffer.End) and read more.</summary>
    NeedMoreData = 0,

    /// <summary>A frame was emitted and the buffer advanced past it.</summary>
    Frame,

    /// <summary>No MP3/ADTS stream was found within the sniff limit (or before the stream ended); the framer stays in this state.</summary>
    NotAudio,
}
