using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels;

/// <summary>Owns one channel: accepts its source, turns source chunks into numbered, timed chunks in the rewind buffer and wakes listeners.</summary>
/// <remarks>
/// Sequence numbers never go backwards for the channel's life: they continue from the restored dump and from the
/// block reserved in <see cref="ChannelSequence"/>. Chunk times come from sample counts; the timeline is re-anchored to
/// the wall clock only when a source (re)connects or drifts more than <see cref="MaxDrift"/> from it.
/// Awaits on the actor's turn keep the actor's task scheduler (<c>ConfigureAwait(true)</c>): Akka's <c>Self</c>,
/// <c>Context</c> and timers only work there, and the mailbox stays suspended until the handler's task completes.
/// </remarks>
public sealed class ChannelActor : ReceiveActor, IWithTimers
{
    /// <summary>How far the sample timeline may drift from the wall clock before it is re-anchored.</summary>
    public static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly LiveChannel channel;
    private readonly ChannelSequence sequence;
    private readonly string dumpPath;
    private readonly TimeProvider clock;
    private readonly HlsSegmenter? segmenter;
    private readonly ArchiveRefill? refill;
    private readonly ILogger log;
    private Guid sourceId;
    private Guid describedSource;
    private ChunkTimeline timeline;
    private bool anchored;
    private DateTime? origin;
    private readonly List<UpdateMetadata> laterTitles = [];
    private ChunkMarkers pendingMarkers;
    private Task dumping = Task.CompletedTask;

    /// <param name="channel">The channel this actor owns.</param>
    /// <param name="sequence">Reserves the channel's sequence numbers.</param>
    /// <param name="dumpDirectory">Where the rewind dump is written and restored from.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="log">Where the channel says what happens to its sources and dumps.</param>
    /// <param name="segmenter">Cuts the channel into HLS segments; null for a channel without HLS.</param>
    /// <param name="refill">Refills the rewind buffer at start with the archived audio newer than the restored dump (all of it without a dump); null for none.</param>
    /// <param name="lease">The shard lease the channel runs under; <see cref="ChannelLease.Standalone"/> outside a cluster.</param>
    public ChannelActor(
        LiveChannel channel, ChannelSequence sequence, string dumpDirectory, TimeProvider clock, ILogger log, HlsSegmenter? segmenter, ArchiveRefill? refill, ChannelLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Epoch = lease.Epoch;
        Owned = lease.Owned;
        Held = lease.Held;
        this.refill = refill;
        this.log = log;
        this.channel = channel;
        this.sequence = sequence;
        this.clock = clock;
        this.segmenter = segmenter;
        dumpPath = DumpPathOf(dumpDirectory, channel.Id);
        ReceiveAsync<IngestChunk>(Ingest);
        Receive<AttachSource>(Attach);
        Receive<DetachSource>(Detach);
        Receive<UpdateMetadata>(SetMetadata);
        Receive<SweepChannel>(_ => Sweep());
        Receive<DumpRewind>(StartDump);
        Receive<AwaitChannelStarted>(_ => Sender.Tell(ChannelStarted.Instance));
        ReceiveAsync<StopChannel>(_ => StopAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The fencing epoch of the shard lease this channel runs under, or null (standalone). A rewind dump is restored only
    /// when it was written under the epoch just before: any other means the channel ran on another node since, and its
    /// audio and segment numbers moved on without this dump.
    /// </summary>
    private long? Epoch { get; }

    /// <summary>True while this node still owns the channel; a chunk arriving after the node lost it is dropped, so no two nodes ever append as owner.</summary>
    /// <summary>Where the channel <paramref name="id"/> dumps its rewind buffer in <paramref name="dumpDirectory"/>.</summary>
    internal static string DumpPathOf(string dumpDirectory, string id) => Path.Combine(dumpDirectory, id + ".dump");

    /// <summary>The file beside a dump that records the placement epoch it was written in.</summary>
    internal static string EpochPathOf(string dumpPath) => dumpPath + ".epoch";

    private Func<bool> Owned { get; }

    private Func<bool> Held { get; }

    private string EpochPath => EpochPathOf(dumpPath);

    /// <summary>Restores the buffer and the sequences before the first message: the mailbox waits until they are back.</summary>
    protected override void PreStart() => RunTask(StartAsync);

    private async Task StartAsync()
    {
        if (channel.Buffer.Snapshot().IsEmpty && DumpIsCurrent())
        {
            await RestoreDumpAsync().ConfigureAwait(true);
        }

        if (refill is not null)
        {
            // A dump is only as new as the last dump-interval (or the last clean stop); after a crash the archive holds
            // what came later, so the buffer takes the archive's newer chunks behind the restored ones.
            await refill.RefillAsync(channel, clock.GetUtcNow().UtcDateTime).ConfigureAwait(true);
        }

        channel.Stream ??= RestoredStreamInfo.Infer(channel);
        var held = channel.Buffer.Snapshot();
        await sequence.RecoverAsync(held.IsEmpty ? -1 : held.LastSeq).ConfigureAwait(true);
        if (segmenter is not null)
        {
            await segmenter.RecoverAsync().ConfigureAwait(true);
        }

        pendingMarkers = ChunkMarkers.Discontinuity;
        Timers.StartPeriodicTimer("sweep", SweepChannel.Instance, SweepInterval);
        Timers.StartPeriodicTimer("dump", new DumpRewind(null), channel.Settings.DumpInterval);
    }

    private async Task StopAsync()
    {
        Timers.CancelAll();
        await dumping.ConfigureAwait(true);
        await WriteDumpAsync().ConfigureAwait(true);
        await ReleaseSegmentNumbersAsync().ConfigureAwait(true);
        Context.Stop(Self);
    }

    /// <summary>
    /// Lets whoever runs the channel next (the new owner after a handoff, this node after a restart) number its HLS
    /// segments right after the last one here, so a playlist's EXT-X-MEDIA-SEQUENCE does not jump by the rest of a block.
    /// Only while the lease is still this node's: after losing it, the new owner may already be numbering.
    /// </summary>
    private async Task ReleaseSegmentNumbersAsync()
    {
        if (segmenter is null || !Held())
        {
            return;
        }

        try
        {
            await segmenter.ReleaseAsync().ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The numbers stay reserved: the next owner starts a block higher, as after a crash.
            log.LogWarning(e, "could not hand back the unused HLS segment numbers of {Mount}", channel.Settings.Mount);
        }
    }

    private void Attach(AttachSource attach)
    {
        if (channel.Source == SourceState.Connected && attach.Source.Id != sourceId)
        {
            attach.ReplyTo.Tell(new SourceAttachResult(false, "Mountpoint in use"));
            return;
        }

        sourceId = attach.Source.Id;
        channel.SourceClient = attach.Source;
        channel.Source = SourceState.Connected;
        channel.SourceConnectedTicks = clock.GetUtcNow().UtcTicks;
        channel.Counters.SourceConnected();
        anchored = false;
        origin = attach.Origin;
        laterTitles.Clear();
        pendingMarkers |= ChunkMarkers.Discontinuity;
        ClearTitle();
        log.LogInformation("source {Remote} connected to {Mount} ({Format})", attach.Source.Remote, channel.Settings.Mount, attach.Source.Format);
        attach.ReplyTo.Tell(new SourceAttachResult(true, null));
        channel.Signal.Publish();
    }

    private async Task Ingest(IngestChunk ingest)
    {
        var chunk = ingest.Chunk;
        var ackTo = Sender;
        try
        {
            if (ingest.SourceId != sourceId || channel.Source != SourceState.Connected || chunk.SampleRate <= 0 || !Owned())
            {
                return;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var duration = Media.SampleDuration.ToTicks(chunk.Samples, chunk.SampleRate);
            // A source on another channel's timeline (a transcoder) is never re-anchored: its lag is not drift.
            if (!anchored || (origin is null && Math.Abs(timeline.NextStartTicks + duration - now.Ticks) > MaxDrift.Ticks))
            {
                var held = channel.Buffer.Snapshot();
                var first = Math.Max(origin?.Ticks ?? now.Ticks - duration, held.IsEmpty ? 0 : held.NewestEndTicks);
                timeline = new ChunkTimeline(new DateTime(first, DateTimeKind.Utc));
                anchored = true;
            }

            var (start, length) = timeline.Advance(chunk.Samples, chunk.SampleRate);
            ApplyTitlesDueBy(start + length);
            var seq = await sequence.NextAsync().ConfigureAwait(true);
            var header = new ChunkHeader(seq, start, length, pendingMarkers | chunk.Markers, channel.NowPlaying.Version, chunk.Length, chunk.Format);
            channel.Buffer.Append(header, chunk.Payload);
            pendingMarkers = ChunkMarkers.None;
            UpdateStream(chunk);
            if (segmenter is not null)
            {
                await segmenter.OnAppendedAsync(header).ConfigureAwait(true);
            }

            channel.Counters.AddBytesIn(chunk.Length);
            channel.Signal.Publish();
        }
        finally
        {
            chunk.Release();

            // Only an ingest graph waits for the answer; a chunk told without a sender (the file loop, HLS and TS feeds) gets none.
            if (!ackTo.IsNobody())
            {
                ackTo.Tell(ChunkIngested.Instance);
            }
        }
    }

    /// <summary>Describes the stream anew for every new source (its <c>ice-*</c> headers replace the previous source's) and whenever the audio's parameters change.</summary>
    private void UpdateStream(AssembledChunk chunk)
    {
        var source = channel.SourceClient;
        var settings = channel.Settings;
        var current = channel.Stream;
        var bitrate = source is { Bitrate: > 0 } ? source.Bitrate : chunk.Bitrate / 1000;
        if (current is not null && describedSource == sourceId && current.Format == chunk.Format && current.SampleRate == chunk.SampleRate
            && current.BitrateKbps == bitrate && current.Channels == chunk.Channels)
        {
            return;
        }

        describedSource = sourceId;
        channel.Stream = new StreamInfo(
            chunk.Format,
            Prefer(settings.StreamName, source?.Name, settings.Name),
            Prefer(settings.Description, source?.Description, ""),
            Prefer(settings.Genre, source?.Genre, ""),
            Prefer(settings.Url, source?.Url, ""),
            bitrate,
            chunk.SampleRate,
            chunk.Channels,
            settings.Public || source?.Public == true);
    }

    private static string Prefer(string configured, string? fromSource, string fallback) =>
        configured.Length > 0 ? configured : !string.IsNullOrEmpty(fromSource) ? fromSource : fallback;

    private void Detach(DetachSource detach)
    {
        if (detach.SourceId != sourceId || channel.Source != SourceState.Connected)
        {
            return;
        }

        channel.Source = SourceState.Lost;
        channel.SourceLostTicks = clock.GetUtcNow().UtcTicks;
        channel.SourceClient = null;
        sourceId = Guid.Empty;
        pendingMarkers |= ChunkMarkers.Discontinuity;
        laterTitles.Clear();
        ClearTitle();
        log.LogInformation("source left {Mount}: {Reason}", channel.Settings.Mount, detach.Reason);
        channel.Signal.Publish();
    }

    /// <summary>A title belongs to the show that set it: neither the next source nor the fallback's listeners inherit it.</summary>
    private void ClearTitle()
    {
        if (channel.NowPlaying.Title.Length > 0 || channel.NowPlaying.Url is not null)
        {
            channel.NowPlaying = channel.NowPlaying.Next("", null, channel.Settings.IcyCharset);
            pendingMarkers |= ChunkMarkers.MetadataChanged;
        }
    }

    private void SetMetadata(UpdateMetadata metadata)
    {
        if (metadata.AtTicks is not null)
        {
            laterTitles.Add(metadata);
            return;
        }

        Retitle(metadata);
    }

    /// <summary>Titles that follow another channel's timeline take effect with the chunk that holds their moment.</summary>
    private void ApplyTitlesDueBy(long chunkEndTicks)
    {
        while (laterTitles.Count > 0 && laterTitles[0].AtTicks < chunkEndTicks)
        {
            Retitle(laterTitles[0]);
            laterTitles.RemoveAt(0);
        }
    }

    private void Retitle(UpdateMetadata metadata)
    {
        channel.NowPlaying = channel.NowPlaying.Next(metadata.Title, metadata.Url, channel.Settings.IcyCharset);
        pendingMarkers |= ChunkMarkers.MetadataChanged;
        log.LogInformation("title on {Mount}: {Title}", channel.Settings.Mount, metadata.Title);
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow().UtcTicks;
        ListenerSweep.DropLaggards(channel, now, log);
        var held = channel.Buffer.Snapshot();
        if (channel.Source == SourceState.Lost && channel.Settings.FallbackMount.Length == 0 && channel.Listeners.Count > 0
            && now - channel.SourceLostTicks > channel.Settings.SourceWait.Ticks)
        {
            channel.Listeners.DropWaiting(held.IsEmpty ? long.MinValue : held.NewestEndTicks, "source did not come back within source-wait");
        }
    }

    private void StartDump(DumpRewind dump)
    {
        if (!dumping.IsCompleted && dump.ReplyTo is null)
        {
            return;
        }

        // Someone waits for an answer: queue behind the running dump rather than leave the request unanswered.
        var previous = dumping;
        dumping = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            var summary = await WriteDumpAsync().ConfigureAwait(false);
            dump.ReplyTo?.Tell(summary);
        });
    }

    private async Task<RewindDumped> WriteDumpAsync()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dumpPath)!);
            var temporary = dumpPath + ".tmp";
            RewindDumpSummary summary;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                summary = await RewindDumpWriter.WriteAsync(channel.Buffer, file).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, dumpPath, overwrite: true);
            if (Epoch is { } epoch)
            {
                await File.WriteAllTextAsync(EpochPath, epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            }

            return new RewindDumped(summary.Chunks, summary.Bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "could not write the rewind dump of {Mount} to {Path}", channel.Settings.Mount, dumpPath);
            return new RewindDumped(0, 0);
        }
    }

    private bool DumpIsCurrent()
    {
        if (Epoch is not { } epoch || !File.Exists(dumpPath))
        {
            return true;
        }

        var written = File.Exists(EpochPath) && long.TryParse(File.ReadAllText(EpochPath), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : (long?)null;
        if (written == epoch)
        {
            return true;
        }

        log.LogInformation(
            "not restoring the rewind dump of {Mount}: written under lease epoch {Written}, the channel now runs under {Epoch} and ran on another node in between",
            channel.Settings.Mount, written?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", epoch);
        return false;
    }

    private async Task RestoreDumpAsync()
    {
        if (!File.Exists(dumpPath))
        {
            return;
        }

        try
        {
            await using var file = new FileStream(dumpPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            var report = await RewindDumpRestorer.RestoreAsync(file, channel.Buffer, clock.GetUtcNow().UtcDateTime).ConfigureAwait(false);
            log.LogInformation(
                "restored {Chunks} chunks of {Mount} from its rewind dump ({Expired} expired, {Corrupt} corrupt{Problem})",
                report.Restored, channel.Settings.Mount, report.Expired, report.Corrupt, report.Problem is null ? "" : "; " + report.Problem);
        }
        catch (Exception e) when (e is IOException or RewindDumpFormatException)
        {
            log.LogWarning(e, "ignoring the unreadable rewind dump of {Mount}", channel.Settings.Mount);
        }
    }
}
