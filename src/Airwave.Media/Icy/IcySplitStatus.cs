namespace Airwave.Media.Icy;

/// <summary>What one call to <see cref="IcyStreamSplitter.Read"/> produced.</summary>
public enum IcySplitStatus
{
    /// <summary>Nothing more in the buffer: advance the reader (consumed = buffer.Start, examined = buffer.End) and read more.</summary>
    NeedMoreData = 0,

    /// <summary>A slice of audio bytes (possibly short; never crosses a metadata block).</summary>
    Audio,

    /// <summary>A whole non-empty metadata block's text (without its length byte, NUL padding included).</summary>
    Metadata,
}
