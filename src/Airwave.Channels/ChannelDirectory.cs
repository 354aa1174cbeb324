using System.Collections.Concurrent;
using System.Diagnostics;
using Airwave.Channels.Ingest;
using Airwave.Channels.Journaling;
using Airwave.Channels.Sources;
using Airwave.Channels.Supervision;
using Airwave.Persistence;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels;

/// <summary>The channels of this node by mount: creates them from configuration, on demand for allowed unconfigured mounts, and stops them.</summary>
public sealed partial class ChannelDirectory : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a source that keeps up is read (<see cref="ReadPacer"/>): a quarter of a second adds at most that to the
    /// audio's way into a chunk of half a second, and turns an encoder's 38 frames a second, or an upstream's ten slices,
    /// into four reads through the ingest graph.
    /// </summary>
    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, LiveChannel> channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LiveChannel>.AlternateLookup<ReadOnlySpan<char>> channelsByName;
    private readonly ConcurrentDictionary<string, IActorRef> actors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim creating = new(1, 1);
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, ChannelLoop> loops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IActorRef[]> reservationLogs = new(StringComparer.Ordinal);
    private readonly List<ChannelSettings> configured = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly ActorSystem system;
    private readonly IConfiguration configuration;
    private readonly PersistenceStores stores;
    private readonly string dataDirectory;
    private readonly string contentRoot;
    private readonly TimeProvider clock;
    private readonly ILoggerFactory loggers;
    private readonly ILogger log;
    private readonly EarlierVersionReservations earlier;
    private IActorRef? supervisor;
    private IActorRef? reservations;

    /// <param name="system">Where channel actors live.</param>
    /// <param name="configuration">The node's configuration (channel sections and defaults).</param>
    /// <param name="stores">The node's tables: runtime channels and what an earlier version reserved.</param>
    /// <param name="dataDirectory">Rewind dumps go to <c>rewind/</c> below it.</param>
    /// <param name="contentRoot">Relative loop files are found below it.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="loggers">Loggers of the directory, its channels and their sources.</param>
    public ChannelDirectory(
        ActorSystem system, IConfiguration configuration, PersistenceStores stores, string dataDirectory, string contentRoot, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.loggers = loggers;
        this.system = system;
        this.configuration = configuration;
        this.stores = stores;
        this.dataDirectory = dataDirectory;
        this.contentRoot = contentRoot;
        this.clock = clock;
        channelsByName = channels.GetAlternateLookup<ReadOnlySpan<char>>();
        log = loggers.CreateLogger<ChannelDirectory>();
        Reads = new ReadPacer(ReadInterval, clock);
        Pulls = new Upstreams.PulledChannels(system, Reads, clock, loggers);
        Transcoders = new Transcoding.RenditionTranscoders(system, Streaming.Transcoding.TranscodingSettings.Read(configuration), clock, loggers);
        earlier = new EarlierVersionReservations(stores.EarlierReservations);
        configured.AddRange(ChannelSettingsReader.ReadAll(configuration));
    }

    /// <summary>Told about every HLS segment any channel of this node closes; register before <see cref="StartAsync"/>.</summary>
    public SegmentObservers SegmentObservers { get; } = new();

    /// <summary>The node's one clock for reading sources that keep up, pushed and pulled (<see cref="ReadPacer"/>).</summary>
    public ReadPacer Reads { get; }

    /// <summary>The upstream actors of the channels that pull upstreams.</summary>
    public Upstreams.PulledChannels Pulls { get; }

    /// <summary>The transcoders of the renditions running here.</summary>
    public Transcoding.RenditionTranscoders Transcoders { get; }

    /// <summary>Refills a channel's rewind buffer at start with the archived audio its dump lacks; set before <see cref="StartAsync"/>, null for none.</summary>
    public ArchiveRefill? ArchiveRefill { get; set; }

    /// <summary>The channels running here and the relays of channels owned elsewhere, by id.</summary>
    public IReadOnlyCollection<LiveChannel> All =>
        channels.Values.Concat(Relays?.All ?? []).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>The relays of channels other nodes own; set before <see cref="StartAsync"/> on a node with the slave role in a cluster, else null.</summary>
    public Relay.ChannelRelays? Relays { get; set; }

    /// <summary>True when sources may create channels on mounts that are not configured.</summary>
    public bool AcceptsUnconfiguredMounts =>
        string.Equals(configuration["airwave:unconfigured-mounts"], "accept", StringComparison.OrdinalIgnoreCase);

    /// <summary>Which channels run here; set before <see cref="StartAsync"/>. Standalone (the default): all of them.</summary>
    public IChannelPlacement Placement { get; set; } = LocalPlacement.Instance;

    /// <summary>Completes once <see cref="StartAsync"/> has read the runtime channels, so nothing compares against an empty list before.</summary>
    public Task Started => started.Task;

    /// <summary>Starts every configured channel this node places locally (and the file loops of those that have one), then follows <see cref="Placement"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        supervisor = system.ActorOf(Props.Create(() => new ChildSupervisor()), "channels");
        reservations = system.ActorOf(Props.Create(() => new ChildSupervisor()), "reservations");
        await WarmUpJournalAsync(cancellationToken).ConfigureAwait(false);
        foreach (var settings in configured.Where(s => Placement.IsLocal(s.Name)))
        {
            await StartChannelAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        await StartRuntimeChannelsAsync(cancellationToken).ConfigureAwait(false);
        FollowPlacement();
        started.TrySetResult();
    }

    /// <summary>
    /// The channel at <paramref name="mount"/> (with or without the leading slash) when it runs here and is placed here now;
    /// else, on a relaying node, the relay of a configured or added channel owned elsewhere; else null.
    /// </summary>
    public LiveChannel? Find(string mount) => Find(mount.AsSpan());

    /// <summary>As <see cref="Find(string)"/>; a channel that runs here is found without a string of its mount (every listener's route).</summary>
    public LiveChannel? Find(ReadOnlySpan<char> mount)
    {
        var name = mount.TrimStart('/');
        if (channelsByName.TryGetValue(name, out var channel) && Placement.IsLocal(channel.Id))
        {
            return channel;
        }

        if (Relays is not { } relays)
        {
            return null;
        }

        var id = name.ToString();
        return Placement.IsLocal(id) ? null : relays.Find(id) ?? (DefinedSettings(id) is { } settings ? relays.GetOrCreate(settings) : null);
    }

    /// <summary>The actor of a channel running here (the one sources attach to and metadata goes to), or null for a relay or an unknown id.</summary>
    public IActorRef? ActorOf(string id) => actors.GetValueOrDefault(id);

    /// <summary>
    /// The id whose shard channel <paramref name="id"/> belongs to: a rendition's source channel, so both run on one master;
    /// any other channel's own id.
    /// </summary>
    public string PlacementKeyOf(string id) => configured.FirstOrDefault(s => s.Name == id)?.PlacementKey ?? id;

    /// <summary>The settings of a configured or runtime-added channel, or null.</summary>
    private ChannelSettings? DefinedSettings(string name) =>
        configured.FirstOrDefault(s => s.Name == name) ?? (runtimeChannels.TryGetValue(name, out var added) ? SettingsOf(added) : null);

    /// <summary>
    /// The settings a channel at <paramref name="mount"/> has or would have wherever it runs: configured, added through the
    /// admin API, or the defaults of a mount a source may create; null for a mount that cannot exist.
    /// </summary>
    public ChannelSettings? SettingsFor(string mount)
    {
        var name = mount.TrimStart('/');
        return DefinedSettings(name) ?? (AcceptsUnconfiguredMounts && IsValidName(name) ? ChannelSettingsReader.Read(configuration, name) : null);
    }

    /// <summary>True when <paramref name="mount"/> names a channel of the cluster's configuration, local or not, or one a source may create.</summary>
    public bool IsKnown(string mount)
    {
        var name = mount.TrimStart('/');
        return configured.Any(s => s.Name == name) || runtimeChannels.ContainsKey(name) || (AcceptsUnconfiguredMounts && IsValidName(name));
    }

    /// <summary>The channel a source wants to push to: configured, or created from the defaults when unconfigured mounts are accepted.</summary>
    public async Task<LiveChannel?> FindForSourceAsync(string mount, CancellationToken cancellationToken)
    {
        var name = mount.TrimStart('/');
        if (Find(name) is { } existing)
        {
            return existing;
        }

        if (!AcceptsUnconfiguredMounts || !IsValidName(name) || !Placement.IsLocal(name))
        {
            return null;
        }

        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Find(name) ?? await StartChannelAsync(ChannelSettingsReader.Read(configuration, name), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            creating.Release();
        }
    }

    /// <summary>A mount name is letters, digits, dash, underscore and dot, without path tricks.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Stops the file loops and every channel actor (each writes its rewind dump) and releases the buffers.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopFollowingPlacementAsync().ConfigureAwait(false);
        if (Relays is { } relays)
        {
            await relays.DisposeAsync().ConfigureAwait(false);
        }

        await Pulls.DisposeAsync().ConfigureAwait(false);
        await Transcoders.DisposeAsync().ConfigureAwait(false);
        Reads.Dispose();
        await Task.WhenAll(loops.Values.Select(l => l.Run)).ConfigureAwait(false);
        foreach (var id in channels.Keys)
        {
            await StopChannelAsync(id, CancellationToken.None).ConfigureAwait(false);
        }

        stopping.Dispose();
        creating.Dispose();
    }

    /// <summary>
    /// True for a configured or runtime-added channel that is not running here yet: placed here a moment ago and still
    /// restoring its rewind, or waiting for the directory to follow the placement. Listeners and sources are asked to
    /// retry rather than told that it does not exist.
    /// </summary>
    public bool IsStarting(string name) => !channels.ContainsKey(name) && DefinedSettings(name) is not null;

    private async Task<LiveChannel> StartChannelAsync(ChannelSettings settings, CancellationToken cancellationToken)
    {
        var buffer = new RewindBuffer(new RewindBufferOptions { MaxDuration = settings.Rewind });
        var channel = new LiveChannel(settings, buffer, clock);
        var chunkLog = await StartReservationsAsync<SequenceReserved>(ChannelSequence.PersistenceIdOf(settings.Name), settings.Name + "-chunks", cancellationToken).ConfigureAwait(false);
        var segmentLog = await StartReservationsAsync<SegmentSequenceReserved>(SegmentSequence.PersistenceIdOf(settings.Name), settings.Name + "-segments", cancellationToken)
            .ConfigureAwait(false);
        reservationLogs[settings.Name] = [chunkLog.Actor, segmentLog.Actor];
        var sequence = new ChannelSequence(chunkLog);
        var dumps = Path.Combine(dataDirectory, "rewind");
        var segmenter = new HlsSegmenter(channel, new SegmentSequence(segmentLog), SegmentObservers, loggers.CreateLogger<HlsSegmenter>());
        var lease = new ChannelLease(Placement.Epoch(settings.Name), () => Placement.IsLocal(settings.Name), () => Placement.HoldsLease(settings.Name));
        var channelLog = loggers.CreateLogger<ChannelActor>();
        var refill = ArchiveRefill;
        var props = Props.Create(() => new ChannelActor(channel, sequence, dumps, clock, channelLog, segmenter, refill, lease));
        IActorRef? actor = null;
        try
        {
            actor = await supervisor!.Ask<IActorRef>(new ChildSupervisor.StartChild(props, settings.Name), StartTimeout, cancellationToken).ConfigureAwait(false);
            // Listeners and status pages see the channel only once its rewind buffer, HLS index and numbering are back.
            await actor.Ask<ChannelStarted>(AwaitChannelStarted.Instance, StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException or InvalidActorNameException)
        {
            // A channel that could not start leaves nothing behind, so the next placement change can start it again.
            if (actor is { } started)
            {
                await ActorStop.GracefullyAsync(started, PoisonPill.Instance, StartTimeout, CancellationToken.None).ConfigureAwait(false);
            }

            await StopReservationsAsync(settings.Name).ConfigureAwait(false);
            channel.Dispose();
            throw;
        }

        actors[settings.Name] = actor;
        channels[settings.Name] = channel;
        if (settings.Pull.IsPulled)
        {
            await Pulls.StartAsync(channel, actor, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Rendition is { } rendition)
        {
            await Transcoders.StartAsync(channel, actor, () => Find(rendition.SourceChannel) is { Relay: null } source ? source : null, cancellationToken).ConfigureAwait(false);
        }

        if (settings.LoopFile.Length > 0)
        {
            var path = Path.IsPathRooted(settings.LoopFile) ? settings.LoopFile : Path.Combine(contentRoot, settings.LoopFile);
            var loop = new FileLoopSource(channel, actor, path, clock, loggers.CreateLogger<FileLoopSource>());
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            loops[settings.Name] = new ChannelLoop(stop, Task.Run(() => RunLoopAsync(loop, settings, stop.Token), CancellationToken.None));
        }

        log.LogInformation("channel {Mount} ready (rewind {Rewind}, {Kind})", settings.Mount, settings.Rewind,
            settings.Rendition is { } made ? $"rendition {made.Encoding.Codec} {made.Encoding.TotalBitrateKbps}k of /{made.SourceChannel}"
            : settings.LoopFile.Length > 0 ? "looping " + settings.LoopFile : settings.Pull.IsPulled ? "pulling " + settings.Pull.Upstreams[0].Url : settings.Password.Length > 0 ? "waiting for a source" : "no source password set");
        return channel;
    }

    /// <summary>
    /// Recovers a counter nobody uses before any channel starts: Akka.Persistence.Sql creates its tables and prepares its
    /// queries on first use, which took seconds on PostgreSQL. Paid here, at start, it is not paid by the first channel a
    /// master takes over in a failover, while listeners wait.
    /// </summary>
    private async Task WarmUpJournalAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var probe = await StartReservationsAsync<SequenceReserved>("journal-warm-up", "journal-warm-up", cancellationToken).ConfigureAwait(false);
        await probe.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        await ActorStop.GracefullyAsync(probe.Actor, PoisonPill.Instance, StartTimeout, cancellationToken).ConfigureAwait(false);
        log.LogInformation("journal ready in {Elapsed:0} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Starts the persistent actor of one of a channel's counters under <c>/user/reservations</c>, behind a backoff
    /// supervisor: Akka stops a persistent actor whose write failed, and the supervisor starts it again (it recovers
    /// the last durable reservation) instead of leaving the channel without numbers.
    /// </summary>
    private async Task<ReservationLog<TEvent>> StartReservationsAsync<TEvent>(string persistenceId, string name, CancellationToken cancellationToken)
        where TEvent : class
    {
        var reader = earlier;
        var props = ReservationProps.Supervised(
            persistenceId, () => reader.ReadLatestAsync<TEvent>(persistenceId, CancellationToken.None), loggers.CreateLogger<ReservationActor<TEvent>>());
        var actor = await reservations!.Ask<IActorRef>(new ChildSupervisor.StartChild(props, name), StartTimeout, cancellationToken).ConfigureAwait(false);
        return new ReservationLog<TEvent>(actor);
    }

    private async Task RunLoopAsync(FileLoopSource loop, ChannelSettings settings, CancellationToken stop)
    {
        try
        {
            await loop.RunAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AskTimeoutException)
        {
            log.LogError(e, "file loop of {Mount} failed", settings.Mount);
        }
    }
}
