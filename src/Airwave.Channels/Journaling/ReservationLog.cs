using Airwave.Streaming.Journaling;
using Akka.Actor;

namespace Airwave.Channels.Journaling;

/// <summary>A hi/lo counter's reservations, kept by its <see cref="ReservationActor{TEvent}"/> in Akka.Persistence.</summary>
/// <typeparam name="TEvent">The reservation event.</typeparam>
public sealed class ReservationLog<TEvent>(IActorRef actor) : IReservationLog<TEvent>
    where TEvent : class
{
    /// <summary>Long enough for a database that is slow to commit, short enough that a dead store fails the channel instead of hanging it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The reservations' actor, for whoever stops it with its counter.</summary>
    public IActorRef Actor => actor;

    public async Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default)
    {
        var latest = await actor.Ask<LatestReservation>(ReadLatestReservation.Instance, Timeout, cancellationToken).ConfigureAwait(false);
        return (TEvent?)latest.Reservation;
    }

    public Task AppendAsync(TEvent reservation, CancellationToken cancellationToken = default) =>
        actor.Ask<ReservationWritten>(new Reserve(reservation), Timeout, cancellationToken);
}
