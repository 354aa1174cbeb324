namespace Airwave.Streaming.Upstreams;

/// <summary>How a pulled channel fetches its upstreams: the ordered list and the failover, on-demand and HLS settings.</summary>
public sealed record PullSettings
{
    /// <summary>The upstreams in order of preference; empty for channels that are not pulled.</summary>
    public IReadOnlyList<UpstreamSettings> Upstreams { get; init; } = [];

    /// <summary>Consecutive failed connections before moving to the next upstream.</summary>
    public int MaxFailures { get; init; } = 3;

    /// <summary>An upstream that sends nothing for this long is left for the next one.</summary>
    public TimeSpan NoDataTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubled per failure up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Random share added to each delay (0.2 = up to 20 % more) so many channels do not reconnect in step.</summary>
    public double BackoffJitter { get; init; } = 0.2;

    /// <summary>While a less preferred upstream plays, the preferred one is tried this often; zero never fails back.</summary>
    public TimeSpan FailBackAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connect only while someone listens.</summary>
    public bool OnDemand { get; init; }

    /// <summary>With <see cref="OnDemand"/>: close the upstream this long after the last listener left.</summary>
    public TimeSpan IdleCloseAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HLS: the variant NAME to choose; empty for none.</summary>
    public string HlsVariantName { get; init; } = "";

    /// <summary>HLS: the variant RESOLUTION to choose (e.g. 1280x720); empty for none.</summary>
    public string HlsVariantResolution { get; init; } = "";

    /// <summary>HLS: the highest BANDWIDTH to choose; 0 takes the highest there is.</summary>
    public long HlsVariantBandwidth { get; init; }

    /// <summary>HLS: segments fetched at once when joining (the initial buffer).</summary>
    public int HlsInitialSegments { get; init; } = 3;

    /// <summary>HLS: playlists larger than this are refused.</summary>
    public long MaxPlaylistBytes { get; init; } = 1024 * 1024;

    /// <summary>HLS: segments larger than this are refused.</summary>
    public long MaxSegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Redirects followed per request.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>True when the channel has upstreams to pull.</summary>
    public bool IsPulled => Upstreams.Count > 0;
}
