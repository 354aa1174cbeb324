using System.Diagnostics;
using System.Globalization;
using System.Net;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Transcoding;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// Finds where an ffmpeg run of a transcode session is fed from, for any place in the session: the rewind buffer for a
/// live session; the archive and rewind buffer for a window on the channel's owner; and on a node that relays the
/// channel, the window's download from its own listener port, which passes it on from the owner.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per node, living as long as the process.")]
public sealed class TranscodeInputs
{
    /// <summary>
    /// How long a relay's run asks again while its listener port answers 503: the channel has no owner this node knows
    /// of yet (a slave's first question about a channel goes through the cluster, and an owner starting after a
    /// failover takes seconds). Asking once made a busy slave answer "no audio" for a window the owner holds.
    /// </summary>
    private static readonly TimeSpan OwnerPatience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan OwnerRetry = TimeSpan.FromMilliseconds(500);

    private readonly ClipPlanner planner;
    private readonly Uri? listener;
    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <param name="planner">Plans archive windows held here.</param>
    /// <param name="listener">This node's listener port (<c>http://127.0.0.1:8000/</c>), whose downloads reach the owner's archive; null where every channel is owned here.</param>
    public TranscodeInputs(ClipPlanner planner, Uri? listener)
    {
        this.planner = planner;
        this.listener = listener;
    }

    /// <summary>The feed for the audio <paramref name="position"/> after <paramref name="origin"/>; null when the channel holds none there.</summary>
    /// <param name="channel">The source channel.</param>
    /// <param name="key">The session: a window ends at its end, a live session follows the channel.</param>
    /// <param name="origin">Where the session's position 0 is (UTC).</param>
    /// <param name="position">Where the run starts.</param>
    /// <param name="cancellationToken">Stops planning.</param>
    public async Task<TranscodeInput?> AtAsync(LiveChannel channel, TranscodeSessionKey key, DateTime origin, TimeSpan position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(key);
        var target = origin + position;
        if (key.EndUtc is { } end)
        {
            if (target >= end)
            {
                return null;
            }

            if (channel.Relay is not null && listener is not null)
            {
                return await DownloadAsync(channel, target, end, origin, cancellationToken).ConfigureAwait(false);
            }

            var plan = await planner.PlanAsync(channel, target, end, cancellationToken).ConfigureAwait(false);
            return plan is null || plan.Length == 0 ? null : Lined(channel, plan.Format, -1, plan, plan.StartUtc, target, origin);
        }

        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return null;
        }

        var found = channel.Buffer.FindByTime(target);
        var (seq, fed) = found.Outcome is TimeLookupOutcome.Contained or TimeLookupOutcome.InGap or TimeLookupOutcome.BeforeOldest
            ? (found.Seq, found.StartUtc)
            : (held.LastSeq, target);
        var format = channel.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available ? header.Format : AudioFormat.Unknown;
        return format == AudioFormat.Unknown ? null : Lined(channel, format, seq, null, fed, target, origin);
    }

    /// <summary>Opens a window's download for a run's feed; the reason when it cannot be had.</summary>
    public async Task<(Stream? Body, string Problem)> OpenAsync(Uri download, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(download, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return (null, $"the window's download failed: {e.Message}");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            return (null, $"the window's download answered {status}");
        }

        return (await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), "");
    }

    /// <summary>
    /// On a relay the archive is on the owner's disk: the run is fed the window's download through this node's listener
    /// port (a slave passes it on from the owner). A HEAD finds the format and where the first frame starts; it is asked
    /// again while the port answers 503 (no owner known yet), for up to <see cref="OwnerPatience"/>.
    /// </summary>
    private async Task<TranscodeInput?> DownloadAsync(LiveChannel channel, DateTime target, DateTime end, DateTime origin, CancellationToken cancellationToken)
    {
        var seconds = (long)Math.Ceiling((end - target).TotalSeconds);
        var download = new Uri(listener!, string.Create(
            CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(channel.Id)}/download?start={Uri.EscapeDataString(target.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}&duration={seconds}"));
        var asked = Stopwatch.GetTimestamp();
        try
        {
            var answer = await HeadAsync(download, cancellationToken).ConfigureAwait(false);
            while (answer.StatusCode == HttpStatusCode.ServiceUnavailable && Stopwatch.GetElapsedTime(asked) < OwnerPatience)
            {
                answer.Dispose();
                await Task.Delay(OwnerRetry, cancellationToken).ConfigureAwait(false);
                answer = await HeadAsync(download, cancellationToken).ConfigureAwait(false);
            }

            using var response = answer;
            if (response.StatusCode != HttpStatusCode.OK
                || !AudioContentTypes.TryGetFormat(response.Content.Headers.ContentType?.MediaType, out var format)
                || !response.Headers.TryGetValues("X-Airwave-Clip-Start", out var starts)
                || !DateTime.TryParse(starts.First(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var fed))
            {
                return null;
            }

            return Lined(channel, format, -1, null, fed, target, origin) with { Download = download };
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> HeadAsync(Uri download, CancellationToken cancellationToken)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, download);
        return await http.SendAsync(head, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A feed starting before the target is trimmed to it; one starting after it (a gap, or audio older than the buffer holds) starts where it is.</summary>
    private static TranscodeInput Lined(LiveChannel channel, AudioFormat format, long seq, ClipPlan? window, DateTime fed, DateTime target, DateTime origin) =>
        fed < target
            ? new TranscodeInput(channel, format, seq, window, target - fed, target - origin)
            : new TranscodeInput(channel, format, seq, window, TimeSpan.Zero, fed - origin);
}
