using Akka.Actor;

namespace Airwave.Streaming.Journaling;

/// <summary>What a hi/lo counter reads and writes its reservations through: its <see cref="ReservationActor{TEvent}"/>.</summary>
/// <typeparam name="TEvent">The reservation event.</typeparam>
public sealed class ReservationLog<TEvent>(IActorRef actor)
    where TEvent : class
{
    /// <summary>Long enough for a database that is slow to commit, short enough that a dead store fails the channel instead of hanging it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The reservations' actor, for whoever stops it with its counter.</summary>
    public IActorRef Actor => actor;

    /// <summary>The newest reservation, or null when none was written yet.</summary>
    public async Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default)
    {
        var latest = await actor.Ask<LatestReservation>(ReadLatestReservation.Instance, Timeout, cancellationToken).ConfigureAwait(false);
        return (TEvent?)latest.Reservation;
    }

    /// <summary>Writes <paramref name="reservation"/> durably (the ones before it are deleted).</summary>
    public Task AppendAsync(TEvent reservation, CancellationToken cancellationToken = default) =>
        actor.Ask<ReservationWritten>(new Reserve(reservation), Timeout, cancellationToken);
}
