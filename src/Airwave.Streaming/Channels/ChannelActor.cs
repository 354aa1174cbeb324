using Airwave.Actors;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Channels;

/// <summary>Owns one channel: accepts its source, turns source chunks into numbered, timed chunks in the rewind buffer and wakes listeners.</summary>
/// <remarks>
/// Sequence numbers never go backwards for the channel's life: they continue from the restored dump and from the
/// block reserved in <see cref="ChannelSequence"/>. Chunk times come from sample counts; the timeline is re-anchored to
/// the wall clock only when a source (re)connects or drifts more than <see cref="MaxDrift"/> from it.
/// </remarks>
public sealed class ChannelActor : Actor<ChannelCommand>
{
    /// <summary>How far the sample timeline may drift from the wall clock before it is re-anchored.</summary>
    public static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly LiveChannel channel;
    private readonly ChannelSequence sequence;
    private readonly string dumpPath;
    private readonly TimeProvider clock;
    private readonly HlsSegmenter? segmenter;
    private readonly Archive.ArchiveRefill? refill;
    private Guid sourceId;
    private ChunkTimeline timeline;
    private bool anchored;
    private ChunkMarkers pendingMarkers;
    private Task dumping = Task.CompletedTask;

    /// <param name="channel">The channel this actor owns.</param>
    /// <param name="sequence">Reserves the channel's sequence numbers.</param>
    /// <param name="dumpDirectory">Where the rewind dump is written and restored from.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="segmenter">Cuts the channel into HLS segments; null for a channel without HLS.</param>
    /// <param name="refill">Refills the rewind buffer from the archive when no dump could be restored; null for none.</param>
    public ChannelActor(LiveChannel channel, ChannelSequence sequence, string dumpDirectory, TimeProvider clock, HlsSegmenter? segmenter = null, Archive.ArchiveRefill? refill = null)
    {
        this.refill = refill;
        this.channel = channel;
        this.sequence = sequence;
        this.clock = clock;
        this.segmenter = segmenter;
        dumpPath = Path.Combine(dumpDirectory, channel.Id + ".dump");
    }

    /// <summary>
    /// The fencing epoch of the shard lease this channel runs under, or null (standalone). A rewind dump is restored only
    /// when it was written under the epoch just before: any other means the channel ran on another node since, and its
    /// audio and segment numbers moved on without this dump.
    /// </summary>
    public long? Epoch { get; init; }

    /// <summary>True while this node still owns the channel; a chunk arriving after the node lost it is dropped, so no two nodes ever append as owner.</summary>
    public Func<bool> Owned { get; init; } = static () => true;

    private string EpochPath => dumpPath + ".epoch";

    protected override async ValueTask PreStartAsync()
    {
        if (channel.Buffer.Snapshot().IsEmpty && DumpIsCurrent())
        {
            await RestoreDumpAsync().ConfigureAwait(false);
        }

        if (refill is not null && channel.Buffer.Snapshot().IsEmpty)
        {
            await refill.RefillAsync(channel, clock.GetUtcNow().UtcDateTime).ConfigureAwait(false);
        }

        channel.Stream ??= RestoredStreamInfo.Infer(channel);
        var held = channel.Buffer.Snapshot();
        await sequence.RecoverAsync(held.IsEmpty ? -1 : held.LastSeq).ConfigureAwait(false);
        if (segmenter is not null)
        {
            await segmenter.RecoverAsync().ConfigureAwait(false);
        }

        pendingMarkers = ChunkMarkers.Discontinuity;
        Context.Timers.StartPeriodicTimer("sweep", SweepChannel.Instance, SweepInterval);
        Context.Timers.StartPeriodicTimer("dump", new DumpRewind(null), channel.Settings.DumpInterval);
    }

    protected override async ValueTask PostStopAsync()
    {
        await dumping.ConfigureAwait(false);
        await WriteDumpAsync().ConfigureAwait(false);
    }

    protected override ValueTask ReceiveAsync(ChannelCommand message) => message switch
    {
        IngestChunk ingest => Ingest(ingest),
        AttachSource attach => Attach(attach),
        DetachSource detach => Detach(detach),
        UpdateMetadata metadata => SetMetadata(metadata),
        SweepChannel => Sweep(),
        DumpRewind dump => StartDump(dump),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "unknown channel command"),
    };

    private ValueTask Attach(AttachSource attach)
    {
        if (channel.Source == SourceState.Connected && attach.Source.Id != sourceId)
        {
            attach.ReplyTo.Tell(new SourceAttachResult(false, "Mountpoint in use"));
            return ValueTask.CompletedTask;
        }

        sourceId = attach.Source.Id;
        channel.SourceClient = attach.Source;
        channel.Source = SourceState.Connected;
        channel.Counters.SourceConnected();
        anchored = false;
        pendingMarkers |= ChunkMarkers.Discontinuity;
        Context.Log.LogInformation("source {Remote} connected to {Mount} ({Format})", attach.Source.Remote, channel.Settings.Mount, attach.Source.Format);
        attach.ReplyTo.Tell(new SourceAttachResult(true, null));
        channel.Signal.Publish();
        return ValueTask.CompletedTask;
    }

    private async ValueTask Ingest(IngestChunk ingest)
    {
        var chunk = ingest.Chunk;
        try
        {
            if (ingest.SourceId != sourceId || channel.Source != SourceState.Connected || chunk.SampleRate <= 0 || !Owned())
            {
                return;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var duration = Media.SampleDuration.ToTicks(chunk.Samples, chunk.SampleRate);
            if (!anchored || Math.Abs(timeline.NextStartTicks + duration - now.Ticks) > MaxDrift.Ticks)
            {
                var held = channel.Buffer.Snapshot();
                var origin = Math.Max(now.Ticks - duration, held.IsEmpty ? 0 : held.NewestEndTicks);
                timeline = new ChunkTimeline(new DateTime(origin, DateTimeKind.Utc));
                anchored = true;
            }

            var (start, length) = timeline.Advance(chunk.Samples, chunk.SampleRate);
            var seq = await sequence.NextAsync().ConfigureAwait(false);
            var header = new ChunkHeader(seq, start, length, pendingMarkers | chunk.Markers, channel.NowPlaying.Version, chunk.Length);
            channel.Buffer.Append(header, chunk.Payload);
            pendingMarkers = ChunkMarkers.None;
            UpdateStream(chunk);
            if (segmenter is not null)
            {
                await segmenter.OnAppendedAsync(header).ConfigureAwait(false);
            }

            channel.Counters.AddBytesIn(chunk.Length);
            channel.Signal.Publish();
        }
        finally
        {
            chunk.Release();
        }
    }

    private void UpdateStream(Sources.AssembledChunk chunk)
    {
        var source = channel.SourceClient;
        var settings = channel.Settings;
        var current = channel.Stream;
        var bitrate = source is { Bitrate: > 0 } ? source.Bitrate : chunk.Bitrate / 1000;
        if (current is not null && current.Format == chunk.Format && current.SampleRate == chunk.SampleRate && current.BitrateKbps == bitrate
            && current.Channels == chunk.Channels)
        {
            return;
        }

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

    private ValueTask Detach(DetachSource detach)
    {
        if (detach.SourceId != sourceId || channel.Source != SourceState.Connected)
        {
            return ValueTask.CompletedTask;
        }

        channel.Source = SourceState.Lost;
        channel.SourceLostTicks = clock.GetUtcNow().UtcTicks;
        channel.SourceClient = null;
        sourceId = Guid.Empty;
        pendingMarkers |= ChunkMarkers.Discontinuity;
        Context.Log.LogInformation("source left {Mount}: {Reason}", channel.Settings.Mount, detach.Reason);
        channel.Signal.Publish();
        return ValueTask.CompletedTask;
    }

    private ValueTask SetMetadata(UpdateMetadata metadata)
    {
        channel.NowPlaying = channel.NowPlaying.Next(metadata.Title, metadata.Url, channel.Settings.IcyCharset);
        pendingMarkers |= ChunkMarkers.MetadataChanged;
        Context.Log.LogInformation("title on {Mount}: {Title}", channel.Settings.Mount, metadata.Title);
        return ValueTask.CompletedTask;
    }

    private ValueTask Sweep()
    {
        var now = clock.GetUtcNow().UtcTicks;
        ListenerSweep.DropLaggards(channel, now, Context.Log);
        var held = channel.Buffer.Snapshot();
        if (channel.Source == SourceState.Lost && channel.Settings.FallbackMount.Length == 0 && channel.Listeners.Count > 0
            && now - channel.SourceLostTicks > channel.Settings.SourceWait.Ticks)
        {
            channel.Listeners.DropWaiting(held.IsEmpty ? long.MinValue : held.NewestEndTicks, "source did not come back within source-wait");
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask StartDump(DumpRewind dump)
    {
        if (!dumping.IsCompleted && dump.ReplyTo is null)
        {
            return ValueTask.CompletedTask;
        }

        // Someone waits for an answer: queue behind the running dump rather than leave the request unanswered.
        var previous = dumping;
        dumping = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            var summary = await WriteDumpAsync().ConfigureAwait(false);
            dump.ReplyTo?.Tell(summary);
        });
        return ValueTask.CompletedTask;
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
            Context.Log.LogWarning(e, "could not write the rewind dump of {Mount} to {Path}", channel.Settings.Mount, dumpPath);
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
        if (written == epoch - 1)
        {
            return true;
        }

        Context.Log.LogInformation(
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
            Context.Log.LogInformation(
                "restored {Chunks} chunks of {Mount} from its rewind dump ({Expired} expired, {Corrupt} corrupt{Problem})",
                report.Restored, channel.Settings.Mount, report.Expired, report.Corrupt, report.Problem is null ? "" : "; " + report.Problem);
        }
        catch (Exception e) when (e is IOException or RewindDumpFormatException)
        {
            Context.Log.LogWarning(e, "ignoring the unreadable rewind dump of {Mount}", channel.Settings.Mount);
        }
    }
}
