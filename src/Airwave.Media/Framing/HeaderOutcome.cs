namespace Airwave.Media.Framing;

/// <summary>Result of looking for a frame header at one position.</summary>
internal enum HeaderOutcome
{
    /// <summary>A valid header.</summary>
    Valid,

    /// <summary>Not enough bytes to decide.</summary>
    TooShort,

    /// <summary>Not a valid header.</summary>
    Invalid,
}
