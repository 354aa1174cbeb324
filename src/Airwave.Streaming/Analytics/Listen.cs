using Airwave.Persistence.Analytics;
using Airwave.Streaming.Fanout;

namespace Airwave.Streaming.Analytics;

/// <summary>
/// One listen while it lasts, as the analytics count it: a raw or ICY connection (its listening time is the time it is
/// connected, its bytes the handle's), or an HLS session or a download (its listening time is the audio delivered).
/// </summary>
/// <remarks>
/// A stream connection's figures are read from its <see cref="ListenerHandle"/>, which counts them anyway, so the audio
/// path does nothing for analytics. HLS segments and downloads add what they delivered under a lock: a player may fetch
/// two segments of one session at once.
/// </remarks>
public sealed class Listen
{
    /// <summary>How many of the latest HLS media sequences are remembered, so a segment fetched again (a retry, a player's reload) counts once.</summary>
    private const int RecentSegments = 4;

    private readonly Lock gate = new();
    private readonly ListenerHandle? handle;
    private readonly long[] recent = [-1, -1, -1, -1];
    private int nextRecent;
    private TimeSpan listened;
    private TimeSpan offset;
    private long bytes;
    private DateTime untilUtc;

    private Listen(string id, string sessionId, string channel, string output, string client, string userAgent, DateTime startedUtc, TimeSpan offset, ListenerHandle? handle)
    {
        Id = id;
        SessionId = sessionId.Length > 0 ? sessionId : id;
        Channel = channel;
        Output = output;
        Client = client;
        UserAgent = userAgent.Length > MaxUserAgent ? userAgent[..MaxUserAgent] : userAgent;
        StartedUtc = startedUtc;
        untilUtc = startedUtc;
        this.offset = offset;
        this.handle = handle;
    }

    /// <summary>The longest user agent stored (the column's width); longer ones are cut.</summary>
    public const int MaxUserAgent = 400;

    public string Id { get; }

    public string SessionId { get; }

    public string Channel { get; }

    public string Output { get; }

    public string Client { get; }

    public string UserAgent { get; }

    public DateTime StartedUtc { get; }

    /// <summary>When the listen last delivered audio (HLS, downloads): an HLS session ends when this is too long ago.</summary>
    public DateTime UntilUtc
    {
        get
        {
            lock (gate)
            {
                return untilUtc;
            }
        }
    }

    /// <summary>When the listen's last progress was written; the recorder's alone.</summary>
    internal DateTime ProgressUtc { get; set; }

    /// <summary>A raw or ICY connection: its figures come from <paramref name="handle"/>.</summary>
    public static Listen OfConnection(string sessionId, string channel, ListenerHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new Listen(
            handle.Id.ToString("N"), sessionId, channel, handle.Icy ? ListenerOutput.Icy : ListenerOutput.Raw, handle.Remote, handle.UserAgent, handle.ConnectedUtc, handle.Shift, handle);
    }

    /// <summary>An HLS session or a download (no <paramref name="sessionId"/>: the listen is its own session): its figures are what <see cref="Deliver"/> adds.</summary>
    public static Listen OfDeliveries(string sessionId, string channel, string output, string client, string userAgent, DateTime startedUtc, TimeSpan offset) =>
        new(Guid.NewGuid().ToString("N"), sessionId, channel, output, client, userAgent, startedUtc, offset, null);

    /// <summary>
    /// Adds <paramref name="audio"/> of <paramref name="byteCount"/> bytes delivered, which the listener has until
    /// <paramref name="until"/> (an HLS player plays a segment after fetching it; a download is over once sent); an HLS
    /// media sequence among the last few counted counts once.
    /// </summary>
    /// <param name="mediaSequence">The HLS segment's media sequence, or -1 for a download.</param>
    /// <param name="audio">How much audio was delivered.</param>
    /// <param name="byteCount">Its bytes.</param>
    /// <param name="until">Until when the listen lasts with it (UTC).</param>
    /// <param name="behindLive">How far behind live the delivered audio is.</param>
    public void Deliver(long mediaSequence, TimeSpan audio, long byteCount, DateTime until, TimeSpan behindLive)
    {
        lock (gate)
        {
            if (mediaSequence >= 0)
            {
                if (Array.IndexOf(recent, mediaSequence) >= 0)
                {
                    return;
                }

                recent[nextRecent] = mediaSequence;
                nextRecent = (nextRecent + 1) % RecentSegments;
            }

            listened += audio;
            bytes += byteCount;
            offset = behindLive;
            if (until > untilUtc)
            {
                untilUtc = until;
            }
        }
    }

    /// <summary>The listen as stored at <paramref name="nowUtc"/>: still going, or <paramref name="endReason"/> once over.</summary>
    public ListenRow Row(string node, DateTime nowUtc, string? endReason = null)
    {
        var ended = endReason is not null;
        if (handle is not null)
        {
            var connected = nowUtc > StartedUtc ? nowUtc - StartedUtc : TimeSpan.Zero;
            return new ListenRow(Id, SessionId, Channel, Output, Client, UserAgent, node, handle.Shift, StartedUtc, nowUtc, connected, handle.BytesSent, ended, endReason ?? "");
        }

        lock (gate)
        {
            // Still going: the audio delivered may play past now, yet the row tells what was known when it was written.
            var last = ended ? untilUtc : (untilUtc < nowUtc ? untilUtc : nowUtc);
            return new ListenRow(Id, SessionId, Channel, Output, Client, UserAgent, node, offset, StartedUtc, last, listened, bytes, ended, endReason ?? "");
        }
    }
}
