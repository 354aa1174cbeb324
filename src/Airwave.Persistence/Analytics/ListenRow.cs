namespace Airwave.Persistence.Analytics;

/// <summary>
/// One listen rolled up: a raw or ICY connection, a download, or an HLS session on one node, as it stood when last
/// written (progress while it lasts, its end once over). A listener whose session resumes on another connection or node
/// has several, sharing <paramref name="SessionId"/>.
/// </summary>
/// <param name="ListenId">The listen: unique per connection, download or HLS session per node.</param>
/// <param name="SessionId">The listener's session (raw: its resumable session id; HLS: the playback session; download: the listen id).</param>
/// <param name="Channel">The channel listened to.</param>
/// <param name="Output">How it was served: raw, icy, hls or download.</param>
/// <param name="Client">The client address.</param>
/// <param name="UserAgent">The client's user agent.</param>
/// <param name="Node">The node that served it.</param>
/// <param name="Offset">How far behind live the listener played (zero for live).</param>
/// <param name="StartedUtc">When it began.</param>
/// <param name="LastUtc">When it ended, or, while it lasts, when it was last written.</param>
/// <param name="Listened">The listening time: connected time for a stream, the audio delivered for HLS and downloads.</param>
/// <param name="Bytes">Bytes sent.</param>
/// <param name="Ended">True once over.</param>
/// <param name="EndReason">Why it ended (empty while it lasts).</param>
public sealed record ListenRow(
    string ListenId,
    string SessionId,
    string Channel,
    string Output,
    string Client,
    string UserAgent,
    string Node,
    TimeSpan Offset,
    DateTime StartedUtc,
    DateTime LastUtc,
    TimeSpan Listened,
    long Bytes,
    bool Ended,
    string EndReason);
