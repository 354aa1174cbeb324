using Akka.Actor;
using Akka.Persistence;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Keeps the newest reservation of one hi/lo counter (a channel's chunk numbers, its HLS sequences) in Akka.Persistence:
/// each reservation is one event, the ones before it are deleted, so the journal holds one live row per counter.
/// </summary>
/// <remarks>
/// <para>
/// One deletion is in flight at a time: reservations written in a burst otherwise start overlapping deletions of the
/// same rows, and on PostgreSQL one burst of 20 in 6 left a row behind that no later deletion removed.
/// A failed deletion is retried after <see cref="DeleteRetryDelay"/>.
/// </para>
/// <para>
/// A data directory written before the move to Akka.Persistence holds its reservations in the node's own journal; the
/// first start on Akka carries the newest one over (the constructor's carry-over) before answering, so numbers never go
/// back across the upgrade.
/// </para>
/// </remarks>
/// <typeparam name="TEvent">The reservation event.</typeparam>
public sealed class ReservationActor<TEvent> : ReceivePersistentActor, IWithTimers
    where TEvent : class
{
    /// <summary>How long a failed deletion waits before it is tried again.</summary>
    public static readonly TimeSpan DeleteRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ILogger log;
    private TEvent? latest;
    private IActorRef writer = ActorRefs.Nobody;
    private long deleteTo;
    private long deletedTo;
    private bool deleting;

    /// <param name="persistenceId">The counter's persistence id, e.g. <c>channel-sequence/live</c>.</param>
    /// <param name="carryOver">Reads the counter's newest reservation from the journal of an earlier version; null when there is none to read.</param>
    /// <param name="log">Where the carry-over and failed deletions are reported.</param>
    public ReservationActor(string persistenceId, Func<Task<TEvent?>>? carryOver, ILogger log)
    {
        PersistenceId = persistenceId;
        this.log = log;
        Recover<TEvent>(reservation => latest = reservation);
        Recover<RecoveryCompleted>(_ =>
        {
            if (latest is null && carryOver is not null)
            {
                RunTask(() => CarryOverAsync(carryOver));
            }
        });
        Command<ReadLatestReservation>(_ => Sender.Tell(new LatestReservation(latest)));
        Command<Reserve>(reserve =>
        {
            writer = Sender;
            Persist((TEvent)reserve.Reservation, Reserved);
        });
        Command<DeleteMessagesSuccess>(success =>
        {
            deleting = false;
            deletedTo = Math.Max(deletedTo, success.ToSequenceNr);
            DeleteOlder();
        });
        Command<DeleteMessagesFailure>(failure =>
        {
            deleting = false;
            log.LogWarning(failure.Cause, "could not delete the reservations of {PersistenceId} up to {SequenceNr}; retrying in {Delay}", PersistenceId, failure.ToSequenceNr, DeleteRetryDelay);
            Timers.StartSingleTimer(RetryDeletion.Instance, RetryDeletion.Instance, DeleteRetryDelay);
        });
        Command<RetryDeletion>(_ => DeleteOlder());
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The journal refused or could not take the write: the asker hears it at once (its channel goes on with the numbers
    /// it holds), then Akka stops this actor and the backoff supervisor starts a fresh one that recovers what is durable.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        writer.Tell(new Status.Failure(cause));
        log.LogWarning("could not write the reservation of {PersistenceId} ({Reason}); restarting it", PersistenceId, cause.Message);
    }

    private void Reserved(TEvent reservation)
    {
        latest = reservation;
        Sender.Tell(ReservationWritten.Instance);
        deleteTo = LastSequenceNr - 1;
        DeleteOlder();
    }

    private void DeleteOlder()
    {
        if (!deleting && deleteTo > deletedTo)
        {
            deleting = true;
            DeleteMessages(deleteTo);
        }
    }

    private async Task CarryOverAsync(Func<Task<TEvent?>> carryOver)
    {
        if (await carryOver().ConfigureAwait(true) is not { } earlier)
        {
            return;
        }

        Persist(earlier, reservation =>
        {
            latest = reservation;
            log.LogInformation("carried {PersistenceId} over from the previous version's journal: {Reservation}", PersistenceId, reservation);
        });
    }
}

/// <summary>The timer that tries a failed deletion again.</summary>
internal sealed record RetryDeletion
{
    public static RetryDeletion Instance { get; } = new();
}

/// <summary>Ask a <see cref="ReservationActor{TEvent}"/> for its newest reservation (answered with <see cref="LatestReservation"/>).</summary>
public sealed record ReadLatestReservation
{
    public static ReadLatestReservation Instance { get; } = new();
}

/// <summary>The newest reservation, or null when the counter never reserved.</summary>
public sealed record LatestReservation(object? Reservation);

/// <summary>Persist a new reservation (answered with <see cref="ReservationWritten"/> once it is durable).</summary>
public sealed record Reserve(object Reservation);

/// <summary>The reservation is durable.</summary>
public sealed record ReservationWritten
{
    public static ReservationWritten Instance { get; } = new();
}
