using Akka.Actor;

namespace Airwave.Channels.Journaling;

/// <summary>
/// One request to a journal plugin in its own protocol, which answers the requesting actor with several messages (a
/// replay: every event, then the outcome; a write: the batch's outcome, then one per event): collects them until
/// <c>isLast</c> says the exchange is over, hands them to the task and stops. Started by <see cref="SessionJournal"/>.
/// </summary>
/// <remarks>
/// The timeout bounds the whole exchange with one timer. A receive timeout would bound each wait between replies, but
/// Akka schedules it again on every message: a write of a thousand sessions' checkpoints then made a thousand timer
/// registrations.
/// </remarks>
internal sealed class JournalExchange : ReceiveActor, IWithTimers
{
    private readonly List<object> replies = [];

    public JournalExchange(IActorRef journal, Func<IActorRef, object> request, Func<object, IReadOnlyList<object>, bool> isLast, TaskCompletionSource<IReadOnlyList<object>> done, TimeSpan timeout)
    {
        Receive<Timeout>(_ =>
        {
            done.TrySetException(new TimeoutException($"the journal did not finish answering within {timeout.TotalSeconds:0} s"));
            Context.Stop(Self);
        });
        ReceiveAny(message =>
        {
            replies.Add(message);
            if (isLast(message, replies))
            {
                done.TrySetResult(replies);
                Context.Stop(Self);
            }
        });
        Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, timeout);
        journal.Tell(request(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The exchange took longer than it may.</summary>
    private sealed record Timeout
    {
        public static readonly Timeout Instance = new();
    }
}
