using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.TimeShift;

namespace Airwave.Node.Endpoints;

/// <summary>Serves listeners: live with a burst, <c>?offset=</c>, <c>?at=</c> and <c>/mount/live/{when}</c> time-shift, with ICY metadata on request.</summary>
/// <remarks>Transport-independent: Kestrel requests and the connection-level fast path both end up in <see cref="ServeAsync"/>.</remarks>
internal sealed class ListenerEndpoint(ChannelDirectory channels, ClientSessions sessions, TimeProvider clock, ILogger<ListenerEndpoint> log)
{
    /// <summary>
    /// The kernel send buffer of a listener's socket. Left to autotuning it grows to megabytes, which a stalled listener
    /// fills before the queue-size rule can see it fall behind; audio bitrates need far less in flight.
    /// </summary>
    private const int ListenerSendBufferBytes = 64 * 1024;

    /// <summary>Handles GET or HEAD of a mount through Kestrel; <paramref name="when"/> is the DRR path form, or null.</summary>
    public Task HandleAsync(HttpContext context, LiveChannel channel, string? when)
    {
        var request = context.Request;
        var query = request.Query;
        return ServeAsync(new KestrelListenerTransport(context), new ListenerRequest(
            channel,
            when,
            query.TryGetValue("at", out var at) ? at.ToString() : null,
            query.TryGetValue("offset", out var offset) ? offset.ToString() : null,
            request.Headers["Icy-MetaData"] == "1",
            HttpMethods.IsHead(request.Method),
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            request.Headers.UserAgent.ToString()));
    }

    /// <summary>Admits the listener (time-shift, source, max listeners), answers the head and streams until it leaves or is dropped.</summary>
    public async Task ServeAsync(IListenerTransport transport, ListenerRequest request)
    {
        var channel = request.Channel;
        var target = Target(request);
        if (target.Kind == TimeShiftKind.Invalid)
        {
            await transport.RefuseAsync(StatusCodes.Status400BadRequest, target.Error ?? "invalid time-shift request").ConfigureAwait(false);
            return;
        }

        var serving = channel.Buffer.Snapshot().IsEmpty && channel.Settings.FallbackMount.Length > 0 && target.Kind == TimeShiftKind.Live
            ? channels.Find(channel.Settings.FallbackMount) ?? channel
            : channel;
        if (serving.Buffer.Snapshot().IsEmpty && serving.Source != SourceState.Connected && !serving.Settings.Pull.OnDemand)
        {
            await transport.RefuseAsync(StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: source not connected").ConfigureAwait(false);
            return;
        }

        var start = target.Kind == TimeShiftKind.Live
            ? new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null)
            : TimeShiftResolver.Resolve(target, serving.Buffer);
        if (start.Kind == TimeShiftStartKind.Rejected)
        {
            await transport.RefuseAsync(StatusCodes.Status404NotFound, start.Error ?? "nothing to play at that time").ConfigureAwait(false);
            return;
        }

        var playback = start.Kind == TimeShiftStartKind.Live
            ? PlaybackStart.Live(serving, serving.Settings.BurstSize)
            : new PlaybackStart(start.Seq, true, start.StartUtc);
        var icy = request.IcyMetaData && serving.Stream?.Format != Media.AudioFormat.MpegTs;
        var head = new ListenerHead(serving, icy, playback, start.BeforeBufferStart ? target.Instant : null);
        if (request.IsHead)
        {
            await transport.SendHeadAsync(head, bodyFollows: false, transport.Aborted).ConfigureAwait(false);
            return;
        }

        var shift = playback.Paced ? clock.GetUtcNow().UtcDateTime - playback.StartUtc : TimeSpan.Zero;
        await StreamAsync(transport, channel, head, playback, shift, icy, request).ConfigureAwait(false);
    }

    private async Task StreamAsync(IListenerTransport transport, LiveChannel channel, ListenerHead head, PlaybackStart playback, TimeSpan shift, bool icy, ListenerRequest request)
    {
        using var handle = new ListenerHandle(request.Remote, request.UserAgent, shift, clock.GetUtcNow().UtcDateTime);
        if (!channel.Listeners.TryAdd(handle, channel.Settings.MaxListeners))
        {
            await transport.RefuseAsync(StatusCodes.Status503ServiceUnavailable, "too many listeners on this mount").ConfigureAwait(false);
            return;
        }

        channel.Counters.ListenerConnected(channel.Listeners.Count);
        if (transport.Socket is { } socket)
        {
            socket.SendBufferSize = ListenerSendBufferBytes;
        }

        var session = new ListenerSession(channel, channels.Find, handle, icy ? channel.Settings.MetadataInterval : 0, clock);
        var aborted = transport.Aborted;
        var actor = await sessions.StartAsync(handle.Id, aborted).ConfigureAwait(false);
        try
        {
            await transport.SendHeadAsync(head, bodyFollows: true, aborted).ConfigureAwait(false);
            await session.RunAsync(transport.Audio, playback, aborted).ConfigureAwait(false);
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
                transport.Abort();
            }
        }
    }

    private TimeShiftTarget Target(ListenerRequest request)
    {
        var now = clock.GetUtcNow();
        var zone = request.Channel.Settings.TimeZone;
        if (request.When is { } when)
        {
            return TimeShiftParser.ParsePathWhen(when, now, zone);
        }

        if (request.At is { } at)
        {
            return TimeShiftParser.ParseAt(at, now, zone);
        }

        return request.Offset is { } offset ? TimeShiftParser.ParseOffset(offset, now) : TimeShiftTarget.Live;
    }
}
