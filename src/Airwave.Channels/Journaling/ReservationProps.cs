using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Journaling;

/// <summary>How a counter's <see cref="ReservationActor{TEvent}"/> is started.</summary>
public static class ReservationProps
{
    /// <summary>
    /// The actor behind a backoff supervisor: Akka stops a persistent actor whose write failed, and the supervisor starts
    /// it again (it recovers the last durable reservation) instead of leaving the counter without a journal.
    /// </summary>
    public static Props Supervised<TEvent>(string persistenceId, Func<Task<TEvent?>>? carryOver, ILogger log)
        where TEvent : class
    {
        var child = Props.Create(() => new ReservationActor<TEvent>(persistenceId, carryOver, log));
        return BackoffSupervisor.Props(Backoff.OnStop(child, "store", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1));
    }
}
