using System.Globalization;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.TimeShift;
using Microsoft.AspNetCore.Connections.Features;

namespace Airwave.Node.Endpoints;

/// <summary>Serves listeners: live with a burst, <c>?offset=</c>, <c>?at=</c> and <c>/mount/live/{when}</c> time-shift, with ICY metadata on request.</summary>
internal sealed class ListenerEndpoint(ChannelDirectory channels, ClientSessions sessions, TimeProvider clock, ILogger<ListenerEndpoint> log)
{
    /// <summary>
    /// The kernel send buffer of a listener's socket. Left to autotuning it grows to megabytes, which a stalled listener
    /// fills before the queue-size rule can see it fall behind; audio bitrates need far less in flight.
    /// </summary>
    private const int ListenerSendBufferBytes = 64 * 1024;

    /// <summary>Handles GET or HEAD of a mount; <paramref name="when"/> is the DRR path form, or null.</summary>
    public async Task HandleAsync(HttpContext context, LiveChannel channel, string? when)
    {
        var request = context.Request;
        var response = context.Response;
        var target = Target(request, when, channel);
        if (target.Kind == TimeShiftKind.Invalid)
        {
            await PlainText.WriteAsync(response, StatusCodes.Status400BadRequest, target.Error ?? "invalid time-shift request").ConfigureAwait(false);
            return;
        }

        var serving = channel.Buffer.Snapshot().IsEmpty && channel.Settings.FallbackMount.Length > 0 && target.Kind == TimeShiftKind.Live
            ? channels.Find(channel.Settings.FallbackMount) ?? channel
            : channel;
        if (serving.Buffer.Snapshot().IsEmpty && serving.Source != SourceState.Connected && !serving.Settings.Pull.OnDemand)
        {
            await PlainText.WriteAsync(response, StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: source not connected").ConfigureAwait(false);
            return;
        }

        var start = target.Kind == TimeShiftKind.Live
            ? new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null)
            : TimeShiftResolver.Resolve(target, serving.Buffer);
        if (start.Kind == TimeShiftStartKind.Rejected)
        {
            await PlainText.WriteAsync(response, StatusCodes.Status404NotFound, start.Error ?? "nothing to play at that time").ConfigureAwait(false);
            return;
        }

        var playback = start.Kind == TimeShiftStartKind.Live
            ? PlaybackStart.Live(serving, serving.Settings.BurstSize)
            : new PlaybackStart(start.Seq, true, start.StartUtc);
        var shift = playback.Paced ? clock.GetUtcNow().UtcDateTime - playback.StartUtc : TimeSpan.Zero;
        var icy = request.Headers["Icy-MetaData"] == "1" && serving.Stream?.Format != Media.AudioFormat.MpegTs;
        WriteHeaders(response, serving, icy, playback, start.BeforeBufferStart ? target.Instant : null);
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        using var handle = new ListenerHandle(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown", request.Headers.UserAgent.ToString(), shift, clock.GetUtcNow().UtcDateTime);
        if (!channel.Listeners.TryAdd(handle, channel.Settings.MaxListeners))
        {
            response.Headers.Clear();
            await PlainText.WriteAsync(response, StatusCodes.Status503ServiceUnavailable, "too many listeners on this mount").ConfigureAwait(false);
            return;
        }

        channel.Counters.ListenerConnected(channel.Listeners.Count);
        BoundSendBuffer(context);
        var session = new ListenerSession(channel, channels.Find, handle, icy ? channel.Settings.MetadataInterval : 0, clock);
        var actor = await sessions.StartAsync(handle.Id, context.RequestAborted).ConfigureAwait(false);
        try
        {
            await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            await session.RunAsync(response.BodyWriter, playback, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            channel.Listeners.Remove(handle);
            var reason = handle.DropReason ?? "listener left";
            actor.Tell(new ClientSessionActor.SessionEnded(new ListenerSessionRecord(
                handle.Id, channel.Id, handle.Remote, handle.UserAgent, handle.ConnectedUtc, clock.GetUtcNow().UtcDateTime,
                handle.BytesSent, session.PlayheadUtc, shift, reason)));
            if (handle.DropReason is not null)
            {
                log.LogInformation("listener {Remote} on {Mount} dropped: {Reason}", handle.Remote, channel.Settings.Mount, reason);
                context.Abort();
            }
        }
    }

    private static void BoundSendBuffer(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = ListenerSendBufferBytes;
        }
    }

    private TimeShiftTarget Target(HttpRequest request, string? when, LiveChannel channel)
    {
        var now = clock.GetUtcNow();
        if (when is not null)
        {
            return TimeShiftParser.ParsePathWhen(when, now, channel.Settings.TimeZone);
        }

        if (request.Query.TryGetValue("at", out var at))
        {
            return TimeShiftParser.ParseAt(at.ToString(), now, channel.Settings.TimeZone);
        }

        return request.Query.TryGetValue("offset", out var offset)
            ? TimeShiftParser.ParseOffset(offset.ToString(), now)
            : TimeShiftTarget.Live;
    }

    private static void WriteHeaders(HttpResponse response, LiveChannel serving, bool icy, PlaybackStart playback, DateTimeOffset? requested)
    {
        var stream = serving.Stream;
        var headers = response.Headers;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = serving.ContentType;
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        headers.AccessControlAllowOrigin = "*";
        headers["icy-name"] = stream?.Name ?? serving.Settings.StreamName;
        headers["icy-description"] = stream?.Description ?? serving.Settings.Description;
        headers["icy-genre"] = stream?.Genre ?? serving.Settings.Genre;
        headers["icy-url"] = stream?.Url ?? serving.Settings.Url;
        headers["icy-pub"] = (stream?.Public ?? serving.Settings.Public) ? "1" : "0";
        if (stream is { BitrateKbps: > 0 })
        {
            headers["icy-br"] = stream.BitrateKbps.ToString(CultureInfo.InvariantCulture);
            headers["ice-audio-info"] = string.Create(CultureInfo.InvariantCulture, $"bitrate={stream.BitrateKbps};samplerate={stream.SampleRate};channels={stream.Channels}");
        }

        if (icy)
        {
            headers["icy-metaint"] = serving.Settings.MetadataInterval.ToString(CultureInfo.InvariantCulture);
        }

        if (playback.Paced)
        {
            headers["X-Airwave-Playback-Start"] = playback.StartUtc.ToString("o", CultureInfo.InvariantCulture);
        }

        if (requested is { } asked)
        {
            headers["X-Airwave-Requested-Start"] = asked.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
        }
    }
}
