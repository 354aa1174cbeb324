namespace Airwave.Streaming.Sources;

/// <summary>
/// Why a source's <c>Content-Type</c> is refused, in words the operator of the source client can act on. Icecast's
/// answer is 403 <c>Content-type not supported</c>; the reason after it names what was sent and what to send instead.
/// </summary>
/// <remarks>
/// Ogg gets its own reason because ices2 and libshout's Ogg mode (application/ogg, audio/ogg, video/ogg) are common
/// Icecast sources: their operators should learn that Ogg is not taken yet, not guess at a typo in a header.
/// </remarks>
public static class UnsupportedContentType
{
    /// <summary>The fixed start of the answer, Icecast's own words, which existing clients and scripts look for.</summary>
    public const string Answer = "Content-type not supported";

    private const string WhatToSend = "send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)";

    /// <summary>The reason for refusing <paramref name="contentType"/> (the header's value, null when absent).</summary>
    public static string Reason(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return $"no Content-Type header; {WhatToSend}";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return IsOgg(mediaType)
            ? $"Ogg ({mediaType}) is not supported yet; {WhatToSend}"
            : $"{mediaType} is not audio Airwave can take; {WhatToSend}";
    }

    /// <summary>The body of the 403 answer: <see cref="Answer"/>, then the reason.</summary>
    public static string Body(string? contentType) => $"{Answer}: {Reason(contentType)}";

    private static bool IsOgg(string mediaType) =>
        mediaType.EndsWith("/ogg", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("audio/vorbis", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("audio/opus", StringComparison.OrdinalIgnoreCase);
}
