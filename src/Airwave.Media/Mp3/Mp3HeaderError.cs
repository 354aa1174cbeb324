namespace Airwave.Media.Mp3;

/// <summary>Why four bytes are not an acceptable MPEG audio frame header (parsing reports this instead of throwing).</summary>
public enum Mp3HeaderError
{
    /// <summary>The header is valid.</summary>
    None = 0,

    /// <summary>Fewer than four bytes were given.</summary>
    TooShort,

    /// <summary>The eleven sync bits are not all set.</summary>
    NoSync,

    /// <summary>Version bits 01 are reserved.</summary>
    ReservedVersion,

    /// <summary>Layer bits 00 are reserved (this is also what ADTS carries).</summary>
    ReservedLayer,

    /// <summary>Layer I is not supported.</summary>
    UnsupportedLayer,

    /// <summary>Bitrate index 0: free format, whose frame length cannot be known from the header.</summary>
    FreeFormat,

    /// <summary>Bitrate index 15 is invalid.</summary>
    BadBitrate,

    /// <summary>Sample-rate index 3 is reserved.</summary>
    ReservedSampleRate,

    /// <summary>Emphasis 10 is reserved.</summary>
    ReservedEmphasis,
}
