namespace Airwave.Streaming.Sources;

/// <summary>How far parsing a source request head got.</summary>
public enum SourceHeadStatus
{
    /// <summary>The head is not complete yet; read more bytes.</summary>
    NeedMore,

    /// <summary>The head parsed; the body starts after <see cref="SourceHeadResult.Consumed"/> bytes.</summary>
    Complete,

    /// <summary>The head is not a valid source request.</summary>
    Malformed,

    /// <summary>The head exceeds the size or header-count limits.</summary>
    TooLarge,
}

/// <summary>The outcome of <see cref="SourceRequestHeadParser.Parse"/>.</summary>
/// <param name="Status">Whether a head was found.</param>
/// <param name="Head">The parsed head when complete.</param>
/// <param name="Consumed">Bytes of the buffer that belong to the head.</param>
/// <param name="Error">Why the head was refused.</param>
public readonly record struct SourceHeadResult(SourceHeadStatus Status, SourceRequestHead? Head, long Consumed, string? Error)
{
    /// <summary>The result while the head is still incomplete.</summary>
    public static SourceHeadResult NeedMore => new(SourceHeadStatus.NeedMore, null, 0, null);

    /// <summary>A refusal with its reason.</summary>
    public static SourceHeadResult Fail(SourceHeadStatus status, string error) => new(status, null, 0, error);
}
