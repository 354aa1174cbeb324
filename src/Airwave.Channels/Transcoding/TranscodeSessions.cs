using System.Text.Json;
using Airwave.Channels.Supervision;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Rewind;
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
    private const string Manifest = "session.json";
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();
    private readonly SemaphoreSlim admitting = new(1, 1);
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ActorSystem system;
    private readonly Func<string, LiveChannel?> findChannel;
    private readonly ClipPlanner planner;
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
    /// <param name="planner">Plans archive windows.</param>
    /// <param name="writer">Sends them.</param>
    /// <param name="transcoding">The ffmpeg executable.</param>
    /// <param name="settings">Profiles, limits and timeouts.</param>
    /// <param name="slots">The node's ffmpeg processes, shared with renditions.</param>
    /// <param name="root">The directory session directories go into.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="loggers">Loggers of this and the session actors.</param>
    public TranscodeSessions(
        ActorSystem system, Func<string, LiveChannel?> findChannel, ClipPlanner planner, ClipWriter writer, TranscodingSettings transcoding, TranscodeSessionSettings settings,
        TranscoderSlots slots, string root, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.system = system;
        this.findChannel = findChannel;
        this.planner = planner;
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

    /// <summary>The session's directory while it has files to serve, and marks it asked for; null for an unknown id.</summary>
    public string? Touch(string id)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(id, out var entry))
            {
                return null;
            }

            entry.LastSeenUtc = Now;
            return entry.Directory;
        }
    }

    /// <summary>Starts a session or joins the one already running for the same channel, window and profile, and waits until it is ready.</summary>
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
                var (created, refusal) = await CreateAsync(request.User!, key, channel, encoding, cancellationToken).ConfigureAwait(false);
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
        return info.State == TranscodeSessionState.Failed
            ? new TranscodeStartResult(TranscodeStartOutcome.Failed, info, reused, info.Error)
            : new TranscodeStartResult(TranscodeStartOutcome.Ready, info, reused, "");
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
        string user, TranscodeSessionKey key, LiveChannel channel, TranscodeEncoding encoding, CancellationToken cancellationToken)
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

        var input = await InputAsync(key, channel, cancellationToken).ConfigureAwait(false);
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
        var entry = new Entry(new TranscodeSessionInfo(id, key, user, Now, TranscodeSessionState.Starting, ""), directory) { LastSeenUtc = Now };
        lock (gate)
        {
            entries[id] = entry;
        }

        var props = Props.Create(() => new TranscodeSessionActor(entry.Info, input, encoding, settings, transcoding, directory, writer, info => Reached(entry, info), clock, actorLog));
        entry.Actor = await supervisor!.Ask<IActorRef>(new ChildSupervisor.StartChild(props, id), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return (entry, null);
    }

    /// <summary>Where the session starts: the window's plan, or the chunk at the live start (a few segments back for plain live, so two are ready at once).</summary>
    private async Task<TranscodeInput?> InputAsync(TranscodeSessionKey key, LiveChannel channel, CancellationToken cancellationToken)
    {
        if (key.EndUtc is { } end)
        {
            var plan = await planner.PlanAsync(channel, key.StartUtc!.Value, end, cancellationToken).ConfigureAwait(false);
            return plan is null || plan.Length == 0 ? null : new TranscodeInput(channel, plan.Format, -1, plan);
        }

        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return null;
        }

        var start = key.StartUtc ?? Now - (settings.SegmentDuration * 2) - TimeSpan.FromSeconds(1);
        var found = channel.Buffer.FindByTime(start);
        var seq = found.Outcome is TimeLookupOutcome.Contained or TimeLookupOutcome.InGap or TimeLookupOutcome.BeforeOldest ? found.Seq : held.LastSeq;
        var format = channel.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available ? header.Format : AudioFormat.Unknown;
        return format == AudioFormat.Unknown ? null : new TranscodeInput(channel, format, seq, null);
    }

    /// <summary>Told by a session's actor each state it reaches.</summary>
    private void Reached(Entry entry, TranscodeSessionInfo info)
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
                entry.Actor = null;
                File.WriteAllText(Path.Combine(entry.Directory, Manifest), JsonSerializer.Serialize(info, Json));
                entry.Ready.TrySetResult(info);
                break;
            case TranscodeSessionState.Failed or TranscodeSessionState.Stopped:
                slots.Release();
                entry.Ready.TrySetResult(info);
                Remove(entry);
                break;
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
        var manifest = Path.Combine(directory, Manifest);
        try
        {
            var info = JsonSerializer.Deserialize<TranscodeSessionInfo>(File.ReadAllText(manifest), Json);
            var written = File.GetLastWriteTimeUtc(manifest);
            if (info is not { State: TranscodeSessionState.Finished } || info.Id != Path.GetFileName(directory) || Now - written >= settings.VodCache)
            {
                return null;
            }

            var entry = new Entry(info, directory) { LastSeenUtc = written };
            entry.Ready.TrySetResult(info);
            return entry;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
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

        public DateTime LastSeenUtc { get; set; }

        public TaskCompletionSource<TranscodeSessionInfo> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
