using Airwave.Channels.Supervision;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.TimeShift;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// The node's on-demand transcode sessions (<c>/user/transcode-sessions/&lt;id&gt;</c>): starts them, lets a request
/// for the same channel, window and profile join a running one, applies the per-user and per-source limits, stops
/// those nobody asks for, keeps finished archive windows on disk for the VOD cache, and recovers them after a restart.
/// </summary>
public sealed class TranscodeSessions : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private readonly SemaphoreSlim admitting = new(1, 1);
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ActorSystem system;
    private readonly Func<string, LiveChannel?> findChannel;
    private readonly TranscodeInputs inputs;
    private readonly ClipWriter writer;
    private readonly TranscodingSettings transcoding;
    private readonly TranscodeSessionSettings settings;
    private readonly TranscoderSlots slots;
    private readonly string root;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly ILogger<TranscodeSessionActor> actorLog;
    private readonly CancellationTokenSource stopping = new();
    private IActorRef? supervisor;
    private Task sweeping = Task.CompletedTask;

    /// <param name="system">Where session actors live.</param>
    /// <param name="findChannel">A channel this node serves (its own or a relay), by id.</param>
    /// <param name="inputs">Finds what each ffmpeg run is fed.</param>
    /// <param name="writer">Sends archive windows.</param>
    /// <param name="transcoding">The ffmpeg executable.</param>
    /// <param name="settings">Profiles, limits and timeouts.</param>
    /// <param name="slots">The node's ffmpeg processes, shared with renditions.</param>
    /// <param name="root">The directory session directories go into.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="loggers">Loggers of this and the session actors.</param>
    public TranscodeSessions(
        ActorSystem system, Func<string, LiveChannel?> findChannel, TranscodeInputs inputs, ClipWriter writer, TranscodingSettings transcoding, TranscodeSessionSettings settings,
        TranscoderSlots slots, string root, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.system = system;
        this.findChannel = findChannel;
        this.inputs = inputs;
        this.writer = writer;
        this.transcoding = transcoding;
        this.settings = settings;
        this.slots = slots;
        this.root = root;
        this.clock = clock;
        log = loggers.CreateLogger<TranscodeSessions>();
        actorLog = loggers.CreateLogger<TranscodeSessionActor>();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Recovers the finished archive windows still within the VOD cache, removes every other session directory (orphans of a crash), and starts expiring sessions.</summary>
    public void Start()
    {
        supervisor = system.ActorOf(Props.Create(() => new ChildSupervisor()), "transcode-sessions");
        Directory.CreateDirectory(root);
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var recovered = Recover(directory);
            if (recovered is null)
            {
                Directory.Delete(directory, recursive: true);
                log.LogInformation("removed transcode session directory {Directory}: not a finished session within transcoding.sessions.vod-cache", directory);
                continue;
            }

            lock (gate)
            {
                entries[recovered.Info.Id] = recovered;
            }

            log.LogInformation("recovered finished transcode session {Id} of /{Channel}", recovered.Info.Id, recovered.Info.Key.Channel);
        }

        sweeping = Task.Run(SweepAsync, CancellationToken.None);
    }

    /// <summary>Every session that is not gone.</summary>
    public IReadOnlyList<TranscodeSessionInfo> List()
    {
        lock (gate)
        {
            return entries.Values.Select(e => e.Info).OrderBy(i => i.CreatedUtc).ToList();
        }
    }

    /// <summary>The length of every session's segments: segment N starts N of these after its session's origin.</summary>
    public TimeSpan SegmentDuration => settings.SegmentDuration;

    /// <summary>Session <paramref name="id"/>, or null.</summary>
    public TranscodeSessionInfo? Find(string id)
    {
        lock (gate)
        {
            return entries.TryGetValue(id, out var entry) ? entry.Info : null;
        }
    }

    /// <summary>Marks a session asked for (a heartbeat); false for an unknown id.</summary>
    public bool Touch(string id) => Touched(id) is not null;

    /// <summary>
    /// Segment <paramref name="number"/>'s file, or why there is none; marks the session asked for. A segment not
    /// written yet is waited for, and transcoded first when no running ffmpeg is about to write it (a seek).
    /// </summary>
    public async Task<TranscodeSegmentAnswer> SegmentAsync(string id, int number, CancellationToken cancellationToken)
    {
        if (Touched(id) is not { } entry)
        {
            return new TranscodeSegmentAnswer(null, $"no transcode session {id}");
        }

        if (entry.Actor is { } actor && !actor.IsNobody())
        {
            try
            {
                if (await AskUnlessEndedAsync<TranscodeSegmentAnswer>(entry, actor, new WantTranscodeSegment(number), settings.ReadyTimeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false) is { } answer)
                {
                    return answer;
                }
            }
            catch (AskTimeoutException) when (entry.Final is null)
            {
                return new TranscodeSegmentAnswer(null, $"transcode session {id} did not answer");
            }
            catch (AskTimeoutException)
            {
                // It finished while the question was on its way: the finished timeline answers.
            }
        }

        return entry.Final?.Find(number) is { } segment
            ? new TranscodeSegmentAnswer(Path.Combine(entry.Directory, segment.File), "")
            : new TranscodeSegmentAnswer(null, $"transcode session {id} has no segment {number}");
    }

    /// <summary>The session's playlist from the segment holding <paramref name="start"/> on (a seek when not written there); null for an unknown id.</summary>
    public async Task<string?> PlaylistAsync(string id, TimeSpan start, CancellationToken cancellationToken)
    {
        if (Touched(id) is not { } entry)
        {
            return null;
        }

        var first = TranscodeTimeline.SegmentAt(start, settings.SegmentDuration);
        if (entry.Actor is { } actor && !actor.IsNobody() && entry.Final is null)
        {
            try
            {
                if (await AskUnlessEndedAsync<string>(entry, actor, new WantTranscodePlaylist(first), settings.ReadyTimeout, cancellationToken).ConfigureAwait(false) is { } playlist)
                {
                    return playlist;
                }
            }
            catch (AskTimeoutException)
            {
                // It finished (the finished timeline answers) or ended while the question was on its way.
            }
        }

        return entry.Final?.Playlist(first);
    }

    /// <summary>
    /// Starts a session or joins the one already running for the same channel, window and profile, and waits until it
    /// is ready: two segments at the start, or at the request's position (a seek, transcoded there when not written yet).
    /// </summary>
    public async Task<TranscodeStartResult> StartAsync(TranscodeSessionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var channel = findChannel(request.Channel!);
        if (channel is null)
        {
            return new TranscodeStartResult(TranscodeStartOutcome.NotFound, null, false, $"no channel {request.Channel}");
        }

        if (!settings.Profiles.TryGetValue(request.Profile!, out var encoding))
        {
            return new TranscodeStartResult(
                TranscodeStartOutcome.NotFound, null, false, $"no profile {request.Profile} (airwave.transcoding.profiles has: {string.Join(", ", settings.Profiles.Keys.Order(StringComparer.Ordinal))})");
        }

        var (key, problem) = KeyOf(request, channel);
        if (key is null)
        {
            return new TranscodeStartResult(TranscodeStartOutcome.Invalid, null, false, problem!);
        }

        TimeSpan? position = null;
        if (request.Position is not null)
        {
            if (PositionIn(request.Position, key) is not { } seek)
            {
                return new TranscodeStartResult(
                    TranscodeStartOutcome.Invalid, null, false, $"position \"{request.Position}\" is not a time within the session (0, 90s, 20m, 1h; a live session's is behind live)");
            }

            position = seek;
        }

        Entry entry;
        bool reused;
        await admitting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var joined = Joinable(key);
            if (joined is not null)
            {
                entry = joined;
                reused = true;
            }
            else
            {
                var (created, refusal) = await CreateAsync(request.User!, key, channel, encoding, position ?? TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (created is null)
                {
                    return refusal!;
                }

                entry = created;
                reused = false;
            }
        }
        finally
        {
            admitting.Release();
        }

        var ready = await entry.Ready.Task.WaitAsync(settings.ReadyTimeout, clock, cancellationToken).ContinueWith(t => t, TaskScheduler.Default).ConfigureAwait(false);
        if (!ready.IsCompletedSuccessfully)
        {
            // A session this request started goes with it; one it joined stays for those who started it.
            if (!reused)
            {
                await StopAsync(entry.Info.Id, cancellationToken.IsCancellationRequested ? "the request was abandoned" : "not ready in time").ConfigureAwait(false);
            }

            return new TranscodeStartResult(TranscodeStartOutcome.TimedOut, null, reused, $"ffmpeg wrote fewer than two segments in {settings.ReadyTimeout.TotalSeconds:0.#}s");
        }

        var info = ready.Result;
        if (info.State == TranscodeSessionState.Failed)
        {
            return new TranscodeStartResult(TranscodeStartOutcome.Failed, info, reused, info.Error);
        }

        if (reused && position is { } at && await SeekAsync(entry, at, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            return new TranscodeStartResult(TranscodeStartOutcome.NotFound, null, reused, unreachable);
        }

        return new TranscodeStartResult(TranscodeStartOutcome.Ready, entry.Info, reused, "", position);
    }

    /// <summary>A request's position: a duration (or 0) within a window, or behind live in a live session; null otherwise.</summary>
    private TimeSpan? PositionIn(string text, TranscodeSessionKey key)
    {
        var seek = TimeSpan.Zero;
        if (text.Trim() is not ("0" or "0s") && !ClipWindow.TryDuration(text, out seek))
        {
            return null;
        }

        var within = key.EndUtc is { } end ? key.StartUtc!.Value + seek < end : (key.StartUtc ?? Now) + seek <= Now;
        return within ? seek : null;
    }

    /// <summary>Waits for the two segments at <paramref name="position"/> in a session a request joined (transcoding them first when needed); the reason when they cannot be had.</summary>
    private async Task<string?> SeekAsync(Entry entry, TimeSpan position, CancellationToken cancellationToken)
    {
        var first = TranscodeTimeline.SegmentAt(position, settings.SegmentDuration);
        var answer = await SegmentAsync(entry.Info.Id, first, cancellationToken).ConfigureAwait(false);
        if (answer.Path is null)
        {
            return answer.Problem;
        }

        // The second is there or on its way, unless the first was the last.
        await SegmentAsync(entry.Info.Id, first + 1, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Stops a session (ffmpeg and files go); false for an unknown id.</summary>
    public async Task<bool> StopAsync(string id, string reason)
    {
        Entry? entry;
        lock (gate)
        {
            entries.TryGetValue(id, out entry);
        }

        if (entry is null)
        {
            return false;
        }

        if (entry.Actor is { } actor && !actor.IsNobody())
        {
            await ActorStop.GracefullyAsync(actor, new StopTranscodeSession(reason), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        Remove(entry);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await sweeping.ConfigureAwait(false);
        foreach (var session in List().Where(s => s.State is TranscodeSessionState.Starting or TranscodeSessionState.Running))
        {
            // A live session is not resurrected after a restart: its files go with it.
            await StopAsync(session.Id, "the node stops").ConfigureAwait(false);
        }

        stopping.Dispose();
        admitting.Dispose();
    }

    private static TranscodeStartResult? Validate(TranscodeSessionRequest request)
    {
        static TranscodeStartResult Invalid(string message) => new(TranscodeStartOutcome.Invalid, null, false, message);
        if (string.IsNullOrWhiteSpace(request.Channel) || string.IsNullOrWhiteSpace(request.Profile) || string.IsNullOrWhiteSpace(request.User))
        {
            return Invalid("channel, profile and user are required");
        }

        if (request.User.Length > 100 || request.Channel.Length > 100 || request.Profile.Length > 100)
        {
            return Invalid("channel, profile and user are at most 100 characters");
        }

        if ((request.Start is null) != (request.Duration is null))
        {
            return Invalid("an archive window needs both start and duration");
        }

        return request.Start is not null && (request.Offset is not null || request.At is not null)
            ? Invalid("give an archive window (start, duration) or a live start (offset or at), not both")
            : request.Offset is not null && request.At is not null ? Invalid("give offset or at, not both") : null;
    }

    /// <summary>What the request transcodes: a window, a live start, or live (a live start is rounded to the second, so requests a moment apart share it).</summary>
    private (TranscodeSessionKey? Key, string? Problem) KeyOf(TranscodeSessionRequest request, LiveChannel channel)
    {
        var now = clock.GetUtcNow();
        if (request.Start is not null)
        {
            var window = ClipWindow.FromStartAndDuration(request.Start, request.Duration, now, channel.Settings.TimeZone);
            return window.IsValid ? (new TranscodeSessionKey(channel.Id, window.FromUtc, window.ToUtc, request.Profile!), null) : (null, window.Error);
        }

        if (request.Offset is null && request.At is null)
        {
            return (new TranscodeSessionKey(channel.Id, null, null, request.Profile!), null);
        }

        var target = request.Offset is not null ? TimeShiftParser.ParseOffset(request.Offset, now) : TimeShiftParser.ParseAt(request.At, now, channel.Settings.TimeZone);
        if (target.Kind == TimeShiftKind.Invalid)
        {
            return (null, target.Error);
        }

        var instant = target.Kind == TimeShiftKind.Live ? now.UtcDateTime : target.Instant.UtcDateTime;
        return (new TranscodeSessionKey(channel.Id, new DateTime(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc), null, request.Profile!), null);
    }

    private Entry? Joinable(TranscodeSessionKey key)
    {
        lock (gate)
        {
            var found = entries.Values.FirstOrDefault(e => e.Info.Key == key && e.Info.State is not (TranscodeSessionState.Failed or TranscodeSessionState.Stopped));
            if (found is not null)
            {
                found.LastSeenUtc = Now;
            }

            return found;
        }
    }

    private async Task<(Entry? Created, TranscodeStartResult? Refusal)> CreateAsync(
        string user, TranscodeSessionKey key, LiveChannel channel, TranscodeEncoding encoding, TimeSpan position, CancellationToken cancellationToken)
    {
        TranscodeAdmissionDecision decision;
        lock (gate)
        {
            var alive = entries.Values.Select(e => e.Info).Where(i => i.State is TranscodeSessionState.Starting or TranscodeSessionState.Running).ToList();
            decision = TranscodeAdmission.Decide(alive, user, key.Channel, settings.MaxPerUser, settings.MaxPerSource);
        }

        if (!decision.Admitted)
        {
            return (null, new TranscodeStartResult(TranscodeStartOutcome.AtCapacity, null, false, decision.Refusal!));
        }

        if (decision.Evict is { } evicted)
        {
            await StopAsync(evicted, $"{user} started another session").ConfigureAwait(false);
        }

        // Plain live starts a few segments back, so two are ready at once.
        var origin = key.StartUtc ?? Now - (settings.SegmentDuration * 2) - TimeSpan.FromSeconds(1);
        var startSegment = TranscodeTimeline.SegmentAt(position, settings.SegmentDuration);
        var input = await inputs.AtAsync(channel, key, origin, settings.SegmentDuration * startSegment, cancellationToken).ConfigureAwait(false);
        if (input is null)
        {
            return (null, new TranscodeStartResult(TranscodeStartOutcome.NotFound, null, false, $"/{key.Channel} holds no audio for that time"));
        }

        if (!slots.TryAcquire())
        {
            return (null, new TranscodeStartResult(TranscodeStartOutcome.NoProcess, null, false, $"transcoding.max-processes ({slots.Max}) reached on this node"));
        }

        var id = Guid.NewGuid().ToString("N")[..16];
        var directory = Path.Combine(root, id);
        Directory.CreateDirectory(directory);
        var entry = new Entry(new TranscodeSessionInfo(id, key, origin, user, Now, TranscodeSessionState.Starting, ""), directory) { LastSeenUtc = Now };
        lock (gate)
        {
            entries[id] = entry;
        }

        var props = Props.Create(() => new TranscodeSessionActor(
            entry.Info, input, startSegment, inputs, encoding, settings, transcoding, directory, writer, (info, final) => Reached(entry, info, final), clock, actorLog));
        entry.Actor = await supervisor!.Ask<IActorRef>(new ChildSupervisor.StartChild(props, id), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return (entry, null);
    }

    /// <summary>Told by a session's actor each state it reaches, with its timeline once finished.</summary>
    private void Reached(Entry entry, TranscodeSessionInfo info, TranscodeTimeline? final)
    {
        lock (gate)
        {
            entry.Info = info;
        }

        switch (info.State)
        {
            case TranscodeSessionState.Running:
                entry.Ready.TrySetResult(info);
                break;
            case TranscodeSessionState.Finished:
                slots.Release();
                TranscodeSessionManifest.Write(entry.Directory, info, final!);
                entry.Final = final;
                entry.Actor = null;
                entry.Ready.TrySetResult(info);
                entry.Ended.TrySetResult();
                break;
            case TranscodeSessionState.Failed or TranscodeSessionState.Stopped:
                slots.Release();
                entry.Ready.TrySetResult(info);
                entry.Ended.TrySetResult();
                Remove(entry);
                break;
        }
    }

    /// <summary>
    /// Asks the session's actor; null when the session ended while the question was on its way (the actor stops once it
    /// finished, and a question it never read would otherwise wait for the whole timeout).
    /// </summary>
    private static async Task<T?> AskUnlessEndedAsync<T>(Entry entry, IActorRef actor, object question, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        using var unanswered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var asked = actor.Ask<T>(question, timeout, unanswered.Token);
        if (await Task.WhenAny(asked, entry.Ended.Task).ConfigureAwait(false) != asked)
        {
            unanswered.Cancel();
        }

        try
        {
            return await asked.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private Entry? Touched(string id)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(id, out var entry))
            {
                return null;
            }

            entry.LastSeenUtc = Now;
            return entry;
        }
    }

    /// <summary>Deletes the session's files, then forgets it: once the API says a session is gone, so are its files.</summary>
    private void Remove(Entry entry)
    {
        try
        {
            Directory.Delete(entry.Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed already (the actor's stop and the caller's both remove it).
        }

        lock (gate)
        {
            entries.Remove(entry.Info.Id);
        }
    }

    private Entry? Recover(string directory)
    {
        var manifest = TranscodeSessionManifest.Read(directory);
        if (manifest is not { Session.State: TranscodeSessionState.Finished } || manifest.Session.Id != Path.GetFileName(directory) || Now - manifest.WrittenUtc >= settings.VodCache)
        {
            return null;
        }

        var entry = new Entry(manifest.Session, directory) { LastSeenUtc = manifest.WrittenUtc, Final = manifest.Timeline() };
        entry.Ready.TrySetResult(manifest.Session);
        return entry;
    }

    /// <summary>Stops running sessions nobody asked for within the heartbeat timeout, and drops finished ones past the VOD cache.</summary>
    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                List<Entry> expired;
                lock (gate)
                {
                    var now = Now;
                    expired = entries.Values.Where(e => now - e.LastSeenUtc > (e.Info.State == TranscodeSessionState.Finished ? settings.VodCache : settings.HeartbeatTimeout)).ToList();
                }

                foreach (var entry in expired)
                {
                    await StopAsync(entry.Info.Id, entry.Info.State == TranscodeSessionState.Finished
                        ? $"not asked for within transcoding.sessions.vod-cache ({settings.VodCache})"
                        : $"no heartbeat for {settings.HeartbeatTimeout.TotalSeconds:0.#}s").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The node is stopping.
        }
    }

    private sealed class Entry(TranscodeSessionInfo info, string directory)
    {
        public TranscodeSessionInfo Info { get; set; } = info;

        public string Directory { get; } = directory;

        public IActorRef? Actor { get; set; }

        /// <summary>A finished window's segments, served without ffmpeg.</summary>
        public TranscodeTimeline? Final { get; set; }

        public DateTime LastSeenUtc { get; set; }

        public TaskCompletionSource<TranscodeSessionInfo> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when the session's actor is done answering: the session finished, failed or stopped.</summary>
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
