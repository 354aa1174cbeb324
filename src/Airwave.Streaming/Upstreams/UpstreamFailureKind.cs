namespace Airwave.Streaming.Upstreams;

/// <summary>Why a pull attempt ended, which decides between retrying the same upstream and moving on.</summary>
public enum UpstreamFailureKind
{
    /// <summary>Connection refused or reset, stream ended, bad response: retried, then failed over after max-failures.</summary>
    Failed,

    /// <summary>Nothing arrived for no-data-timeout: failed over at once.</summary>
    NoData,

    /// <summary>429, 509 or 5xx: backed off, counted like <see cref="Failed"/>.</summary>
    Throttled,

    /// <summary>404/410 or a playlist gone: counted like <see cref="Failed"/>.</summary>
    NotFound,

    /// <summary>It answered with something that is not media (an HTML page, garbage, an oversized playlist): failed over at once.</summary>
    NotMedia,
}
