using System.Globalization;
using Airwave.Media;
using Airwave.Media.Hls;
using Airwave.Media.Id3;
using Airwave.Node.Hls;
using Airwave.Node.Http;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Archive;

/// <summary>Serves the past: downloads of any window (<c>/mount/download</c>, DRR's <c>/mount-YYYYMMDDHHMM_MIN.mp3</c>) with Range, VOD playlists (<c>/mount/archive.m3u8</c>) and their segments.</summary>
internal sealed class ArchiveEndpoint(IArchive archive, ListeningRecorder listening, TimeProvider clock, ILogger<ArchiveEndpoint> log)
{
    private const string GapsHeader = "X-Airwave-Gaps";
    private readonly ClipPlanner planner = new(archive);
    private readonly ClipWriter writer = new(archive);

    /// <summary><c>GET /mount/download?start=...&amp;duration=...</c>.</summary>
    public Task DownloadAsync(HttpContext context, LiveChannel channel)
    {
        var query = context.Request.Query;
        var window = ClipWindow.FromStartAndDuration(query["start"], query["duration"], clock.GetUtcNow(), channel.Settings.TimeZone);
        if (!window.IsValid)
        {
            return PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, window.Error!);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{channel.Id}-{window.FromUtc:yyyyMMdd'T'HHmmss'Z'}_{(long)window.Duration.TotalSeconds}s");
        return SendClipAsync(context, channel, window, name, expectedExtension: null);
    }

    /// <summary><c>GET /mount-YYYYMMDDHHMM_MINUTES.ext</c> (station time).</summary>
    public Task DrrAsync(HttpContext context, LiveChannel channel, DrrClipName clip)
    {
        var from = clip.StartUtc(channel.Settings.TimeZone);
        var window = ClipWindow.Checked(from, from + clip.Duration);
        if (!window.IsValid)
        {
            return PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, window.Error!);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{channel.Id}-{clip.LocalStart:yyyyMMddHHmm}_{clip.Minutes}");
        return SendClipAsync(context, channel, window, name, clip.Extension);
    }

    /// <summary><c>GET /mount/archive.m3u8?start=...&amp;end=...</c>: a VOD playlist of the archived segments in the window.</summary>
    public async Task VodPlaylistAsync(HttpContext context, LiveChannel channel)
    {
        var query = context.Request.Query;
        var window = ClipWindow.FromStartAndEnd(query["start"], query["end"], clock.GetUtcNow(), channel.Settings.TimeZone);
        if (!window.IsValid)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, window.Error!).ConfigureAwait(false);
            return;
        }

        var segments = await archive.QueryAsync(channel.Id, window.FromUtc, window.ToUtc, context.RequestAborted).ConfigureAwait(false);
        if (segments.Count == 0)
        {
            await NothingAsync(context, channel, window).ConfigureAwait(false);
            return;
        }

        var entries = new List<MediaPlaylistSegment>(segments.Count);
        var urlQuery = Access.ListenerAccessGate.WithToken("", context.Request);
        var gaps = new List<ClipGap>();
        var cursor = window.FromUtc.Ticks;
        var previousEnd = -1L;
        foreach (var segment in segments)
        {
            if (segment.StartTicks - cursor > ClipPlanner.GapTolerance.Ticks)
            {
                gaps.Add(new ClipGap(new DateTime(cursor, DateTimeKind.Utc), segment.StartUtc));
            }

            var jump = previousEnd >= 0 && Math.Abs(segment.StartTicks - previousEnd) > ClipPlanner.GapTolerance.Ticks;
            entries.Add(new MediaPlaylistSegment(
                "archive/" + Path.GetFileName(segment.Path) + urlQuery, TimeSpan.FromTicks(segment.DurationTicks), segment.StartUtc, previousEnd >= 0 && (segment.Discontinuity || jump)));
            previousEnd = segment.EndTicks;
            cursor = Math.Max(cursor, segment.EndTicks);
        }

        if (window.ToUtc.Ticks - cursor > ClipPlanner.GapTolerance.Ticks)
        {
            gaps.Add(new ClipGap(new DateTime(cursor, DateTimeKind.Utc), window.ToUtc));
        }

        var target = (int)Math.Ceiling(segments.Max(s => TimeSpan.FromTicks(s.DurationTicks).TotalSeconds));
        var text = MediaPlaylistWriter.Write(new MediaPlaylist(Math.Max(1, target), segments[0].MediaSequence, 0, HlsPlaylistType.Vod, entries));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/vnd.apple.mpegurl";
        response.Headers.CacheControl = "no-cache";
        response.Headers.AccessControlAllowOrigin = "*";
        if (gaps.Count > 0)
        {
            response.Headers[GapsHeader] = string.Join(", ", gaps);
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /mount/archive/{mediaSequence}.{ext}</c>: one archived segment, from memory while its chunks are still in the rewind buffer.</summary>
    public async Task SegmentAsync(HttpContext context, LiveChannel channel, string file)
    {
        if (ArchiveNames.HasPathTricks(file) || !ArchiveNames.TryParseSegment(file, out var mediaSequence, out var extension))
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "archive segment names look like 123.mp3, 123.aac or 123.ts").ConfigureAwait(false);
            return;
        }

        var packedAudio = extension != ".ts";
        HlsDelivery? delivery = null;
        var bytes = channel.Segments.TryGet(mediaSequence, out var live) && SegmentFormat.Extension(live.Format) == extension[1..]
            ? SegmentPayload.TryRead(channel.Buffer, live, packedAudio)
            : null;
        if (bytes is not null)
        {
            delivery = HlsDelivery.Of(live!);
        }
        else
        {
            var segment = await archive.FindAsync(channel.Id, mediaSequence, context.RequestAborted).ConfigureAwait(false);
            bytes = segment is null || !segment.Path.EndsWith(extension, StringComparison.Ordinal)
                ? null
                : await ReadArchivedAsync(segment, packedAudio, context.RequestAborted).ConfigureAwait(false);
            delivery = bytes is null ? null : HlsDelivery.Of(segment!);
        }

        if (bytes is null)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: no archived segment {file}").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType(extension);
        response.ContentLength = bytes.Length;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.AccessControlAllowOrigin = "*";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            var (session, _) = HlsSessionId.Resolve(context.Request);
            listening.HlsSegmentSent(delivery!.Value, session, context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Headers.UserAgent.ToString());
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> ReadArchivedAsync(ArchiveSegmentRecord segment, bool packedAudio, CancellationToken cancellationToken)
    {
        try
        {
            var file = archive.OpenRead(segment);
            await using (file.ConfigureAwait(false))
            {
                var prefix = packedAudio ? Id3TimestampTag.Size : 0;
                var bytes = new byte[prefix + file.Length];
                if (packedAudio)
                {
                    Id3TimestampTag.Write(bytes, Id3TimestampTag.ToTimestamp(segment.StartUtc));
                }

                await file.ReadExactlyAsync(bytes.AsMemory(prefix), cancellationToken).ConfigureAwait(false);
                return bytes;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("archived segment {Path} is indexed but unreadable: {Reason}", segment.Path, e.Message);
            return null;
        }
    }

    private async Task SendClipAsync(HttpContext context, LiveChannel channel, ClipWindow window, string name, string? expectedExtension)
    {
        var plan = await planner.PlanAsync(channel, window.FromUtc, window.ToUtc, context.RequestAborted).ConfigureAwait(false);
        if (plan is null)
        {
            await NothingAsync(context, channel, window).ConfigureAwait(false);
            return;
        }

        var extension = AudioContentTypes.GetFileExtension(plan.Format);
        if (expectedExtension is not null && !expectedExtension.Equals(extension, StringComparison.OrdinalIgnoreCase))
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"{channel.Settings.Mount} is archived as {extension}: ask for {name}{extension}").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        var range = ByteRangeRequest.Parse(context.Request.Headers.Range, plan.Length);
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "no-cache";
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}{extension}\"";
        response.Headers["X-Airwave-Clip-Start"] = plan.StartUtc.ToString("o", CultureInfo.InvariantCulture);
        response.Headers["X-Airwave-Clip-End"] = plan.EndUtc.ToString("o", CultureInfo.InvariantCulture);
        if (plan.Gaps.Count > 0)
        {
            response.Headers[GapsHeader] = plan.GapsHeader;
        }

        if (range.Kind == ByteRangeKind.Unsatisfiable)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{plan.Length}");
            await PlainText.WriteAsync(response, StatusCodes.Status416RangeNotSatisfiable, "the range starts past the end of the clip").ConfigureAwait(false);
            return;
        }

        var (offset, count) = range.Kind == ByteRangeKind.Partial ? (range.From, range.Length) : (0L, plan.Length);
        response.StatusCode = range.Kind == ByteRangeKind.Partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        if (range.Kind == ByteRangeKind.Partial)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.From}-{range.To}/{plan.Length}");
        }

        response.ContentType = ContentType(extension);
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        channel.Counters.DownloadStarted();
        var now = clock.GetUtcNow().UtcDateTime;
        var listen = Listen.OfDeliveries("", channel.Id, ListenerOutput.Download, context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Headers.UserAgent.ToString(), now, now - plan.StartUtc);
        listening.Start(listen);
        var reason = "downloaded";
        try
        {
            await writer.WriteAsync(plan, channel.Buffer, response.BodyWriter, offset, count, context.RequestAborted).ConfigureAwait(false);
            // The audio of the bytes sent, pro rata: a range request delivers part of the clip.
            listen.Deliver(-1, plan.Length > 0 ? (plan.EndUtc - plan.StartUtc) * ((double)count / plan.Length) : TimeSpan.Zero, count, clock.GetUtcNow().UtcDateTime, now - plan.StartUtc);
        }
        catch (IOException e)
        {
            log.LogWarning("clip of {Mount} cut short: {Reason}", channel.Settings.Mount, e.Message);
            reason = "cut short: " + e.Message;
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            reason = "client left";
            context.Abort();
        }
        finally
        {
            channel.Counters.DownloadEnded();
            listening.End(listen, reason);
        }
    }

    private static Task NothingAsync(HttpContext context, LiveChannel channel, ClipWindow window) =>
        PlainText.WriteAsync(
            context.Response,
            StatusCodes.Status404NotFound,
            string.Create(CultureInfo.InvariantCulture, $"{channel.Settings.Mount}: nothing archived or buffered between {new ClipGap(window.FromUtc, window.ToUtc)}"));

    private static string ContentType(string extension) => extension switch
    {
        ".aac" => AudioContentTypes.Aac,
        ".ts" => AudioContentTypes.MpegTs,
        _ => AudioContentTypes.Mpeg,
    };
}
