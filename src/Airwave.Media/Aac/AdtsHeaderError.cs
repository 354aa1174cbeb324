namespace Airwave.Media.Aac;

/// <summary>Why bytes are not an acceptable ADTS frame header (parsing reports this instead of throwing).</summary>
public enum AdtsHeaderError
{
    /// <summary>The header is valid.</summary>
    None = 0,

    /// <summary>Fewer than seven bytes (nine with CRC) were given.</summary>
    TooShort,

    /// <summary>The twelve sync bits are not all set.</summary>
    NoSync,

    /// <summary>The layer bits must be 00.</summary>
    BadLayer,

    /// <summary>Sampling frequency index 13-15 is reserved or explicit (not allowed in ADTS).</summary>
    ReservedSampleRate,

    /// <summary>The frame length is shorter than its own header.</summary>
    BadFrameLength,
}
