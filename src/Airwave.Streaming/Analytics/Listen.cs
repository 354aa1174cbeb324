using Airwave.Persistence.Analytics;
using Airwave.Streaming.Fanout;

namespace Airwave.Streaming.Analytics;

/// <summary>
/// One listen while it lasts, as the analytics count it: a raw or ICY connection (its listening time is the time it is
/// connected, its bytes the handle's), or an HLS session or a download (its listening time is the audio delivered).
/// </summary>
/// <remarks>
/// A stream connection's figures are read from its <see cref="ListenerHandle"/>, which counts them anyway, so the audio
/// path does nothing for analytics, and its listen holds nothing else (it lives as long as the connection). HLS segments
/// and downloads add what they delivered to their <see cref="ListenDeliveries"/>.
/// </remarks>
public sealed class Listen
{
    private readonly ListenerHandle? handle;
    private readonly ListenDeliveries? deliveries;

    private Listen(Guid id, string sessionId, string channel, string output, string client, string userAgent, DateTime startedUtc, ListenerHandle? handle, ListenDeliveries? deliveries)
    {
        Id = id;
        SessionId = sessionId.Length > 0 ? sessionId : id.ToString("N");
        Channel = channel;
        Output = output;
        Client = client;
        UserAgent = userAgent.Length > MaxUserAgent ? userAgent[..MaxUserAgent] : userAgent;
        StartedUtc = startedUtc;
        this.handle = handle;
        this.deliveries = deliveries;
    }

    /// <summary>The longest user agent stored (the column's width); longer ones are cut.</summary>
    public const int MaxUserAgent = 400;

    /// <summary>
    /// The listen's id (a connection's is its handle's), written as 32 hex digits. Kept as a <see cref="Guid"/> and
    /// formatted into each row, so the hours a listener stays cost no string for it.
    /// </summary>
    public Guid Id { get; }

    public string SessionId { get; }

    public string Channel { get; }

    public string Output { get; }

    public string Client { get; }

    public string UserAgent { get; }

    public DateTime StartedUtc { get; }

    /// <summary>When the listen last delivered audio (HLS, downloads): an HLS session ends when this is too long ago. A connection's is when it started.</summary>
    public DateTime UntilUtc => deliveries?.UntilUtc ?? StartedUtc;

    /// <summary>When the listen's last progress was written; the recorder's alone.</summary>
    internal DateTime ProgressUtc { get; set; }

    /// <summary>A raw or ICY connection: its figures come from <paramref name="handle"/>.</summary>
    public static Listen OfConnection(string sessionId, string channel, ListenerHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new Listen(
            handle.Id, sessionId, channel, handle.Icy ? ListenerOutput.Icy : ListenerOutput.Raw, handle.Remote, handle.UserAgent, handle.ConnectedUtc, handle, null);
    }

    /// <summary>An HLS session or a download (no <paramref name="sessionId"/>: the listen is its own session): its figures are what <see cref="Deliver"/> adds.</summary>
    public static Listen OfDeliveries(string sessionId, string channel, string output, string client, string userAgent, DateTime startedUtc, TimeSpan offset) =>
        new(Guid.NewGuid(), sessionId, channel, output, client, userAgent, startedUtc, null, new ListenDeliveries(startedUtc, offset));

    /// <summary>
    /// Adds <paramref name="audio"/> of <paramref name="byteCount"/> bytes delivered to an HLS session or a download (see
    /// <see cref="ListenDeliveries.Add"/>).
    /// </summary>
    /// <param name="mediaSequence">The HLS segment's media sequence, or -1 for a download.</param>
    /// <param name="audio">How much audio was delivered.</param>
    /// <param name="byteCount">Its bytes.</param>
    /// <param name="until">Until when the listen lasts with it (UTC).</param>
    /// <param name="behindLive">How far behind live the delivered audio is.</param>
    public void Deliver(long mediaSequence, TimeSpan audio, long byteCount, DateTime until, TimeSpan behindLive)
    {
        if (deliveries is null)
        {
            throw new InvalidOperationException("a connection's listen counts what its handle sent, not deliveries");
        }

        deliveries.Add(mediaSequence, audio, byteCount, until, behindLive);
    }

    /// <summary>The listen as stored at <paramref name="nowUtc"/>: still going, or <paramref name="endReason"/> once over.</summary>
    public ListenRow Row(string node, DateTime nowUtc, string? endReason = null)
    {
        var ended = endReason is not null;
        if (handle is not null)
        {
            var connected = nowUtc > StartedUtc ? nowUtc - StartedUtc : TimeSpan.Zero;
            return new ListenRow(Id.ToString("N"), SessionId, Channel, Output, Client, UserAgent, node, handle.Shift, StartedUtc, nowUtc, connected, handle.BytesSent, ended, endReason ?? "");
        }

        var (offset, until, listened, bytes) = deliveries!.Read();
        // Still going: the audio delivered may play past now, yet the row tells what was known when it was written.
        var last = ended ? until : (until < nowUtc ? until : nowUtc);
        return new ListenRow(Id.ToString("N"), SessionId, Channel, Output, Client, UserAgent, node, offset, StartedUtc, last, listened, bytes, ended, endReason ?? "");
    }
}
