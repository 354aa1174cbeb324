using System.Text;
using Airwave.Media.Hls;
using Airwave.Streaming.Upstreams;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Upstreams;

/// <summary>
/// Pulls an HLS upstream: resolves a master playlist to a variant, polls the media playlist at half its target duration
/// (at once after new segments), fetches segments by media sequence, validates them (bad ones retried, then skipped as a
/// discontinuity) and feeds them to the channel as MPEG-TS or packed-audio chunks through an ingest graph
/// (<see cref="HlsSegmentIngest"/>) that holds the loop back while the channel is behind.
/// </summary>
public static class HlsPull
{
    private const int SegmentAttempts = 2;
    private const int MaxConsecutiveBadSegments = 3;

    /// <summary>Pulls until the upstream fails; <paramref name="first"/> is the already fetched playlist body, if any.</summary>
    /// <exception cref="UpstreamException">Always, unless cancelled.</exception>
    public static async Task RunAsync(PullContext context, Uri url, byte[]? first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var (mediaUrl, playlist) = await ResolveAsync(context, url, first, cancellationToken).ConfigureAwait(false);
        var tracker = new HlsSequenceTracker(settings.HlsInitialSegments);
        HlsSegmentIngest? ingest = null;
        var pendingBreak = false;
        var badInRow = 0;
        string? lastProblem = null;
        var lastNewTicks = context.Clock.GetTimestamp();
        try
        {
            while (true)
            {
                var plan = tracker.Plan(playlist);
                if (plan.Note is not null)
                {
                    context.Log.LogWarning("{Mount}: HLS upstream {Url}: {Note}", context.Channel.Settings.Mount, context.Upstream.Url, plan.Note);
                }

                pendingBreak |= plan.BreakBefore;
                foreach (var segment in plan.Segments)
                {
                    var segmentUrl = new Uri(mediaUrl, segment.Uri);
                    var (bytes, problem, isTs) = await FetchSegmentAsync(context, segmentUrl, playlist.TargetDuration, cancellationToken).ConfigureAwait(false);
                    tracker.Done(segment.Sequence);
                    if (problem is not null)
                    {
                        context.Log.LogWarning("{Mount}: skipped HLS segment {Sequence} ({Url}): {Problem}", context.Channel.Settings.Mount, segment.Sequence, segmentUrl, problem);
                        pendingBreak = true;
                        lastProblem = problem;
                        if (++badInRow >= MaxConsecutiveBadSegments)
                        {
                            throw new UpstreamException(UpstreamFailureKind.NotMedia, $"{badInRow} bad segments in a row; last: {problem}");
                        }

                        continue;
                    }

                    badInRow = 0;
                    lastProblem = null;
                    if (ingest is not null && ingest.IsTs != isTs)
                    {
                        throw new UpstreamException(UpstreamFailureKind.NotMedia, "the segments changed between MPEG-TS and packed audio");
                    }

                    ingest ??= await HlsSegmentIngest.StartAsync(context, isTs, cancellationToken).ConfigureAwait(false);
                    await ingest.OfferAsync(new FetchedSegment(bytes, isTs, pendingBreak || segment.Discontinuity), cancellationToken).ConfigureAwait(false);
                    pendingBreak = false;
                    lastNewTicks = context.Clock.GetTimestamp();
                }

                if (playlist.Ended && plan.Segments.Count == 0)
                {
                    throw new UpstreamException(UpstreamFailureKind.Failed, "the upstream playlist ended (EXT-X-ENDLIST)");
                }

                var stale = Max(settings.NoDataTimeout, playlist.TargetDuration * 3);
                if (context.Clock.GetElapsedTime(lastNewTicks) > stale)
                {
                    throw new UpstreamException(
                        UpstreamFailureKind.NoData, $"no new segment for {stale.TotalSeconds:0.#}s" + (lastProblem is null ? "" : "; the last one failed: " + lastProblem));
                }

                if (plan.Segments.Count == 0)
                {
                    var wait = Max(TimeSpan.FromMilliseconds(250), playlist.TargetDuration / 2);
                    await Task.Delay(wait, context.Clock, cancellationToken).ConfigureAwait(false);
                }

                playlist = await FetchMediaPlaylistAsync(context, mediaUrl, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (ingest is not null)
            {
                await ingest.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(Uri Url, ParsedMediaPlaylist Playlist)> ResolveAsync(PullContext context, Uri url, byte[]? first, CancellationToken cancellationToken)
    {
        var body = first ?? (await BoundedBody.GetAsync(context, url, context.Settings.MaxPlaylistBytes, context.Settings.NoDataTimeout, "the playlist", cancellationToken)
            .ConfigureAwait(false)).Body;
        var parsed = Parse(body);
        if (parsed is ParsedMasterPlaylist master)
        {
            var settings = context.Settings;
            var variant = HlsVariantSelector.Choose(master, settings.HlsVariantName, settings.HlsVariantResolution, settings.HlsVariantBandwidth)
                ?? throw new UpstreamException(UpstreamFailureKind.NotMedia, "the master playlist lists no variants");
            url = new Uri(url, variant.Uri);
            context.Log.LogInformation("{Mount}: HLS variant {Url} ({Bandwidth} bit/s {Resolution})", context.Channel.Settings.Mount, url, variant.Bandwidth, variant.Resolution);
            return (url, await FetchMediaPlaylistAsync(context, url, cancellationToken).ConfigureAwait(false));
        }

        return (url, Checked((ParsedMediaPlaylist)parsed));
    }

    private static async Task<ParsedMediaPlaylist> FetchMediaPlaylistAsync(PullContext context, Uri url, CancellationToken cancellationToken)
    {
        var (body, _) = await BoundedBody.GetAsync(context, url, context.Settings.MaxPlaylistBytes, context.Settings.NoDataTimeout, "the playlist", cancellationToken)
            .ConfigureAwait(false);
        return Parse(body) is ParsedMediaPlaylist media
            ? Checked(media)
            : throw new UpstreamException(UpstreamFailureKind.NotMedia, "a variant playlist is itself a master playlist");
    }

    private static ParsedMediaPlaylist Checked(ParsedMediaPlaylist playlist) =>
        playlist.Unsupported is { } why ? throw new UpstreamException(UpstreamFailureKind.NotMedia, "the playlist uses " + why) : playlist;

    private static ParsedPlaylist Parse(byte[] body)
    {
        try
        {
            return HlsPlaylistParser.Parse(Encoding.UTF8.GetString(body));
        }
        catch (HlsPlaylistFormatException e)
        {
            throw new UpstreamException(UpstreamFailureKind.NotMedia, e.Message);
        }
    }

    private static async Task<(byte[] Bytes, string? Problem, bool IsTs)> FetchSegmentAsync(PullContext context, Uri url, TimeSpan target, CancellationToken cancellationToken)
    {
        var timeout = Max(context.Settings.NoDataTimeout, target * 3);
        string? problem = null;
        for (var attempt = 1; attempt <= SegmentAttempts; attempt++)
        {
            try
            {
                var (bytes, _) = await BoundedBody.GetAsync(context, url, context.Settings.MaxSegmentBytes, timeout, "the segment", cancellationToken).ConfigureAwait(false);
                problem = HlsSegmentCheck.Problem(bytes, out var isTs);
                if (problem is null)
                {
                    return (bytes, null, isTs);
                }
            }
            catch (UpstreamException e) when (e.Kind != UpstreamFailureKind.Throttled)
            {
                problem = e.Message;
            }
        }

        return ([], problem, false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
