using System.Globalization;
using Airwave.Channels.Journaling;
using Airwave.Channels.Supervision;
using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Akka.Actor;

namespace Airwave.Node.Monitoring;

/// <summary>
/// <c>airwave.monitoring.restore-from</c>: before any channel starts, raises each channel's reservations in the journal
/// above the sequences of a pushed <see cref="MetadataDocument"/> (<see cref="SequenceFloor"/>), so a node that
/// lost its journal continues above every number its listeners saw. Nothing is ever lowered.
/// </summary>
/// <remarks>
/// It writes through the counters' own <see cref="ReservationActor{TEvent}"/>, started for the moment and stopped before
/// the channels start theirs (two actors of one persistence id must never run at once), with the carry-over from an
/// earlier version's journal, so a restore never hides numbers that journal holds.
/// </remarks>
internal sealed class MetadataRestore(ActorSystem system, EarlierVersionReservations earlier, ILoggerFactory loggers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = Timeout };
    private readonly ILogger log = loggers.CreateLogger<MetadataRestore>();
    private int started;

    /// <summary>Restores from <see cref="MonitoringSettings.RestoreFrom"/> when it is set; false (logged) when it is set and the restore failed, so the node must not start.</summary>
    public static async Task<bool> RunIfSetAsync(MonitoringSettings settings, ActorSystem system, PersistenceStores stores, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (settings.RestoreFrom is not { } from)
        {
            return true;
        }

        var restore = new MetadataRestore(system, new EarlierVersionReservations(stores.EarlierReservations), loggers);
        try
        {
            var document = await new MetadataSource(from, Http, settings.Headers).ReadAsync(CancellationToken.None).ConfigureAwait(false);
            await restore.RaiseAsync(document, from).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            restore.log.LogCritical("cannot restore from {From} (airwave.monitoring.restore-from): {Reason}; the node does not start, so that no channel numbers below what its listeners saw", from, e.Message);
            return false;
        }
    }

    private async Task RaiseAsync(MetadataDocument document, string from)
    {
        log.LogInformation("restoring sequences from {From}: {Count} channels pushed by {Node} at {Pushed:u}{Final}",
            from, document.Channels.Count, document.Node, document.PushedUtc, document.Final ? " (at a graceful stop)" : "");
        var sincePush = DateTime.UtcNow - document.PushedUtc.ToUniversalTime();
        foreach (var pushed in document.Channels)
        {
            var chunks = await RaiseAsync<SequenceReserved>(ChannelSequence.PersistenceIdOf(pushed.Id), current => SequenceFloor.Chunks(current, pushed, sincePush)).ConfigureAwait(false);
            var segments = await RaiseAsync<SegmentSequenceReserved>(SegmentSequence.PersistenceIdOf(pushed.Id), current => SequenceFloor.Segments(current, pushed, sincePush)).ConfigureAwait(false);
            log.LogInformation(
                "channel {Channel} (pushed: chunk {Chunk}, media sequence {Media}, discontinuity sequence {Discontinuity}): {Chunks}; {Segments}",
                pushed.Id, pushed.ChunkSequence, pushed.MediaSequence, pushed.DiscontinuitySequence, ChunkOutcome(chunks), SegmentOutcome(segments));
        }
    }

    private static string ChunkOutcome((SequenceReserved? Before, SequenceReserved? After) raise) =>
        raise.After is { } after
            ? $"chunks continue at {after.UpTo + 1} (the journal reserved {raise.Before?.UpTo.ToString(CultureInfo.InvariantCulture) ?? "nothing"})"
            : $"chunks kept (the journal reserved {raise.Before?.UpTo.ToString(CultureInfo.InvariantCulture) ?? "nothing"})";

    private static string SegmentOutcome((SegmentSequenceReserved? Before, SegmentSequenceReserved? After) raise) =>
        raise.After is { } after
            ? $"HLS continues at media sequence {after.MediaUpTo + 1}, discontinuity sequence {after.DiscontinuityUpTo + 1} (the journal reserved {Reserved(raise.Before)})"
            : $"HLS sequences kept (the journal reserved {Reserved(raise.Before)})";

    private static string Reserved(SegmentSequenceReserved? reserved) =>
        reserved is null ? "nothing" : $"media {reserved.MediaUpTo}, discontinuity {reserved.DiscontinuityUpTo}";

    /// <summary>Reads the counter's reservation and writes what <paramref name="raise"/> decides; returns the reservation before and the one written (null: none).</summary>
    private async Task<(TEvent? Before, TEvent? After)> RaiseAsync<TEvent>(string persistenceId, Func<TEvent?, TEvent?> raise)
        where TEvent : class
    {
        var reader = earlier;
        var actorLog = loggers.CreateLogger<ReservationActor<TEvent>>();
        var props = Props.Create(() => new ReservationActor<TEvent>(persistenceId, () => reader.ReadLatestAsync<TEvent>(persistenceId, CancellationToken.None), actorLog));
        var actor = system.ActorOf(props, "metadata-restore-" + Interlocked.Increment(ref started));
        try
        {
            var reservations = new ReservationLog<TEvent>(actor);
            var before = await reservations.ReadLatestAsync().ConfigureAwait(false);
            var after = raise(before);
            if (after is not null)
            {
                await reservations.AppendAsync(after).ConfigureAwait(false);
            }

            return (before, after);
        }
        finally
        {
            await ActorStop.GracefullyAsync(actor, PoisonPill.Instance, Timeout).ConfigureAwait(false);
        }
    }
}
