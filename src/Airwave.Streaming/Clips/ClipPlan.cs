using Airwave.Media;

namespace Airwave.Streaming.Clips;

/// <summary>A clip worked out before a byte is sent: its pieces in order, so its length (Content-Length) and any byte range are known up front.</summary>
/// <param name="Pieces">Byte runs in play order.</param>
/// <param name="StartUtc">Start of the first frame included.</param>
/// <param name="EndUtc">End of the last frame included.</param>
/// <param name="Gaps">Parts of the requested window nothing was found for.</param>
/// <param name="Format">The codec of every piece: a clip has one, and ends where the channel's codec changed.</param>
public sealed record ClipPlan(IReadOnlyList<ClipPiece> Pieces, DateTime StartUtc, DateTime EndUtc, IReadOnlyList<ClipGap> Gaps, AudioFormat Format)
{
    /// <summary>Total bytes.</summary>
    public long Length { get; } = Pieces.Sum(p => p.Length);

    /// <summary>The <c>X-Airwave-Gaps</c> header value, empty when there is no gap.</summary>
    public string GapsHeader => string.Join(", ", Gaps);
}
