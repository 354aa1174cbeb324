using Airwave.Channels;
using Airwave.Media;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.TimeShift;

namespace Airwave.Node.Icecast;

/// <summary>Serves listeners: live with a burst, <c>?offset=</c>, <c>?at=</c> and <c>/mount/live/{when}</c> time-shift, resumed sessions, with ICY metadata on request.</summary>
/// <remarks>Transport-independent: Kestrel requests and the connection-level fast path both end up in <see cref="ServeAsync"/>.</remarks>
internal sealed class ListenerEndpoint(
    ChannelDirectory channels, ClientSessions sessions, ListeningRecorder listening, SharedUserAgents userAgents, TimeProvider clock, ILogger<ListenerEndpoint> log)
{
    /// <summary>
    /// The kernel send buffer of a listener's socket. Left to autotuning it grows to megabytes, which a stalled listener
    /// fills before the queue-size rule can see it fall behind; audio bitrates need far less in flight.
    /// </summary>
    private const int ListenerSendBufferBytes = 64 * 1024;

    private const string DrainingMessage = "this node is shutting down: reconnect";

    /// <summary>How long a listener of a channel that has no audio yet waits for its first chunk, whose codec its head announces.</summary>
    private static readonly TimeSpan FirstAudioWait = TimeSpan.FromSeconds(10);

    /// <summary>One delegate for every session's fallback lookups: a method group would allocate one per listener.</summary>
    private readonly Func<string, LiveChannel?> findChannel = channels.Find;

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
            userAgents.Share(request.Headers.UserAgent.ToString()),
            SessionIds.Presented(query.TryGetValue(SessionIds.QueryName, out var sid) ? sid.ToString() : null, request.Cookies[SessionIds.CookieName])));
    }

    /// <summary>Admits the listener (draining, time-shift or resume, source, max listeners), answers the head and streams until it leaves or is dropped.</summary>
    /// <remarks>
    /// Not an async method: admission nearly always completes at once, and then a listener holds no state machine of it
    /// for the hours it streams, only its session's.
    /// </remarks>
    public Task ServeAsync(IListenerTransport transport, ListenerRequest request)
    {
        var admitting = AdmitAsync(transport, request);
        if (!admitting.IsCompletedSuccessfully)
        {
            return StreamOnceAdmittedAsync(transport, admitting);
        }

        return admitting.Result is { } admitted ? StreamAsync(transport, admitted) : Task.CompletedTask;
    }

    private async Task StreamOnceAdmittedAsync(IListenerTransport transport, ValueTask<ListenerAdmission?> admitting)
    {
        if (await admitting.ConfigureAwait(false) is { } admitted)
        {
            await StreamAsync(transport, admitted).ConfigureAwait(false);
        }
    }

    /// <summary>Null when the listener was refused or its HEAD answered; else what to stream, the session claim now the caller's to dispose.</summary>
    private async ValueTask<ListenerAdmission?> AdmitAsync(IListenerTransport transport, ListenerRequest request)
    {
        if (sessions.IsDraining)
        {
            await transport.RefuseAsync(StatusCodes.Status503ServiceUnavailable, DrainingMessage).ConfigureAwait(false);
            return null;
        }

        var target = Target(request);
        if (target.Kind == TimeShiftKind.Invalid)
        {
            await transport.RefuseAsync(StatusCodes.Status400BadRequest, target.Error ?? "invalid time-shift request").ConfigureAwait(false);
            return null;
        }

        var claim = request.SessionId is { } presented
            ? await sessions.ClaimAsync(presented, transport.Aborted).ConfigureAwait(false)
            : sessions.ClaimNew();
        ListenerAdmission? admitted = null;
        try
        {
            admitted = await PlaceAsync(transport, request, target, claim).ConfigureAwait(false);
            return admitted;
        }
        finally
        {
            if (admitted is null)
            {
                claim.Dispose();
            }
        }
    }

    /// <summary>Where the listener starts (resumed, live, time-shifted) and in which codec; null when it was refused or its HEAD answered.</summary>
    private async ValueTask<ListenerAdmission?> PlaceAsync(IListenerTransport transport, ListenerRequest request, TimeShiftTarget target, SessionClaim claim)
    {
        var channel = request.Channel;
        var resumed = request.SessionId is null || request.AsksForTime ? null : Resume(claim, request);
        var serving = channel;
        PlaybackStart playback;
        DateTimeOffset? requested = null;
        if (resumed is { } resume)
        {
            playback = resume;
        }
        else
        {
            // A live listener of a mount without a source hears the fallback at once, not a burst of the show that left.
            serving = channel.Source != SourceState.Connected && channel.Settings.FallbackMount.Length > 0 && target.Kind == TimeShiftKind.Live
                ? channels.Find(channel.Settings.FallbackMount) ?? channel
                : channel;
            if (serving.Buffer.Snapshot().IsEmpty && serving.Source != SourceState.Connected && !serving.Settings.Pull.OnDemand)
            {
                if (serving.Transcoder is { Phase: Streaming.Transcoding.TranscoderPhase.Refused } refused)
                {
                    await transport.RefuseAsync(StatusCodes.Status503ServiceUnavailable, $"{serving.Settings.Mount}: rendition not running: {refused.Reason}").ConfigureAwait(false);
                    return null;
                }

                await transport.RefuseAsync(StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: source not connected").ConfigureAwait(false);
                return null;
            }

            var start = target.Kind == TimeShiftKind.Live
                ? new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null)
                : TimeShiftResolver.Resolve(target, serving.Buffer);
            if (start.Kind == TimeShiftStartKind.Rejected)
            {
                await transport.RefuseAsync(StatusCodes.Status404NotFound, start.Error ?? "nothing to play at that time").ConfigureAwait(false);
                return null;
            }

            playback = start.Kind switch
            {
                // A relay's live listeners play its delay behind the owner, so an owner change passes without silence.
                TimeShiftStartKind.Live when serving.Relay is { Delay: var delay } && delay > TimeSpan.Zero => PlaybackStart.BehindLive(serving, delay, serving.Settings.BurstSize),
                TimeShiftStartKind.Live => PlaybackStart.Live(serving, serving.Settings.BurstSize),
                _ => new PlaybackStart(start.Seq, true, start.StartUtc),
            };
            requested = start.BeforeBufferStart ? target.Instant : null;
        }

        // Still nothing to tell the codec by (an upstream or relay slow to deliver): announce MP3, what most channels carry.
        // Should the first chunk be another codec, the session ends before it and the player reconnects to be told.
        var format = await FormatAsync(playback.Channel ?? serving, playback.Seq, transport.Aborted).ConfigureAwait(false);
        playback = playback with { Format = format == AudioFormat.Unknown ? AudioFormat.Mp3 : format };
        var icy = request.IcyMetaData && playback.Format != AudioFormat.MpegTs;
        var resumedAtSeq = resumed?.Seq;
        var head = new ListenerHead(serving, icy, playback, requested, new ListenerHeadSession(claim.SessionId, resumedAtSeq));
        if (request.IsHead)
        {
            await transport.SendHeadAsync(head, bodyFollows: false, transport.Aborted).ConfigureAwait(false);
            return null;
        }

        var shift = playback.Paced ? clock.GetUtcNow().UtcDateTime - playback.StartUtc : TimeSpan.Zero;
        return new ListenerAdmission(channel, head, playback, shift, icy, request, claim, resumedAtSeq);
    }

    /// <summary>Registers the admitted listener with its channel and its session, then streams to it.</summary>
    /// <remarks>
    /// Not an async method: what an admission decided (the request, its strings) is not kept for the hours the listener
    /// streams, only what its <see cref="Lifecycle"/> needs.
    /// </remarks>
    private Task StreamAsync(IListenerTransport transport, ListenerAdmission admitted)
    {
        var claim = admitted.Claim;
        var channel = admitted.Channel;
        var handle = new ListenerHandle(admitted.Request.Remote, admitted.Request.UserAgent, admitted.Shift, clock.GetUtcNow().UtcDateTime) { Icy = admitted.Icy };
        if (!channel.Listeners.TryAdd(handle, channel.Settings.MaxListeners))
        {
            return RefuseAsync(transport, "too many listeners on this mount", handle, claim);
        }

        if (claim.Attach(handle, channel.Id, admitted.ResumedAtSeq) is not { } connection)
        {
            channel.Listeners.Remove(handle);
            return RefuseAsync(transport, DrainingMessage, handle, claim);
        }

        channel.Counters.ListenerConnected(channel.Listeners.Count);
        var session = new ListenerSession(channel, findChannel, handle, admitted.Icy ? channel.Settings.MetadataInterval : 0, clock);
        var listen = Listen.OfConnection(connection.SessionId, channel.Id, handle);
        listening.Start(listen);
        // Attached, the claim holds nothing more: the connection is the session's now.
        return session.RunAsync(transport.Audio, admitted.Playback, new Lifecycle(this, transport, admitted.Head, connection, listen));
    }

    /// <summary>Answers a listener that could not be registered, then lets its handle and session claim go.</summary>
    private static async Task RefuseAsync(IListenerTransport transport, string message, ListenerHandle handle, SessionClaim claim)
    {
        using (claim)
        using (handle)
        {
            await transport.RefuseAsync(StatusCodes.Status503ServiceUnavailable, message).ConfigureAwait(false);
        }
    }

    /// <summary>Unregisters a listener whose stream ended, records its end, and lets its handle go.</summary>
    private async Task EndAsync(IListenerTransport transport, ListenerSession session, SessionConnection connection, Listen listen)
    {
        var handle = session.Handle;
        using (handle)
        {
            // The session's home, not the channel asked for: an admin may have moved the listener (moveclients).
            var home = session.Home;
            home.Listeners.Remove(handle);
            var reason = handle.DropReason ?? handle.StopReason ?? "listener left";
            var persisted = sessions.EndAsync(connection);
            listening.End(listen, reason);
            if (handle.DropReason is not null)
            {
                log.LogInformation("listener {Remote} on {Mount} dropped: {Reason}", handle.Remote, home.Settings.Mount, reason);
                transport.Abort();
            }
            else if (handle.StopReason is not null)
            {
                await ClosingAfterAsync(persisted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A listener stopped by a draining node keeps its connection until its playhead is stored, so it reconnects to a recorded position.</summary>
    private async Task ClosingAfterAsync(Task persisted)
    {
        try
        {
            await persisted.WaitAsync(sessions.Options.DrainTimeout, clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.LogWarning("a drained listener's playhead was not written within {Timeout}; closing it anyway", sessions.Options.DrainTimeout);
        }
    }

    /// <summary>
    /// The codec of the chunk the listener starts at. Before a channel's first chunk (an on-demand upstream just opened,
    /// a source that connected a moment ago) it waits up to <see cref="FirstAudioWait"/> for it, since the head must name
    /// the codec the connection will carry.
    /// </summary>
    private static ValueTask<AudioFormat> FormatAsync(LiveChannel channel, long seq, CancellationToken cancellationToken)
    {
        // Nearly every listener finds the codec at once: no timer, no task on the admission path.
        var format = channel.FormatAt(seq);
        return format != AudioFormat.Unknown ? ValueTask.FromResult(format) : new ValueTask<AudioFormat>(WaitForFormatAsync(channel, seq, cancellationToken));
    }

    private static async Task<AudioFormat> WaitForFormatAsync(LiveChannel channel, long seq, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(FirstAudioWait);
        var wake = channel.Signal.NextAsync();
        var format = channel.FormatAt(seq);
        while (format == AudioFormat.Unknown && !waiting.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            wake = channel.Signal.NextAsync();
            format = channel.FormatAt(seq);
        }

        return format;
    }

    /// <summary>Where a listener presenting a known session id resumes on its own channel, or null to start it fresh.</summary>
    private PlaybackStart? Resume(SessionClaim claim, ListenerRequest request)
    {
        var channel = request.Channel;
        var point = SessionResume.Decide(claim.Latest, channel.Id, clock.GetUtcNow().UtcDateTime, sessions.Options.ExpireAfter, channel.Buffer.Snapshot());
        var start = SessionResume.Start(point, channel.Buffer);
        if (start is { } resumed && claim.Latest is { } saved)
        {
            log.LogInformation(
                "listener {Remote} resumed session {Session} on {Mount} at chunk {Seq} ({Kind}; playhead was chunk {PlayheadSeq} ending {PlayheadEnd:o}, {Skipped} sequence numbers skipped)",
                request.Remote, claim.SessionId, channel.Settings.Mount, resumed.Seq, point.Kind, saved.PlayheadSeq, saved.PlayheadEndUtc, resumed.Seq - saved.PlayheadSeq - 1);
        }
        else
        {
            log.LogDebug("listener {Remote} starts session {Session} on {Mount} fresh: {Reason}", request.Remote, claim.SessionId, channel.Settings.Mount, point.Reason);
        }

        return start;
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

    /// <summary>The endpoint's part of one admitted listener's stream: its head before the audio, its unregistering after.</summary>
    /// <remarks>The head is let go once sent: this stays for as long as the listener streams.</remarks>
    private sealed class Lifecycle(ListenerEndpoint endpoint, IListenerTransport transport, ListenerHead head, SessionConnection connection, Listen listen) : IListenerLifecycle
    {
        private ListenerHead? head = head;
        private CancellationTokenRegistration endWhenGone;

        public async Task OpenAsync(ListenerSession session)
        {
            if (transport.Socket is { } socket)
            {
                socket.SendBufferSize = ListenerSendBufferBytes;
            }

            await transport.SendHeadAsync(head!, bodyFollows: true, transport.Aborted).ConfigureAwait(false);
            head = null;
            endWhenGone = transport.EndWhenGone(session.Handle);
        }

        public Task ClosedAsync(ListenerSession session)
        {
            endWhenGone.Dispose();
            return endpoint.EndAsync(transport, session, connection, listen);
        }
    }
}
