using Akka.Actor;

namespace Airwave.Channels.Journaling;

/// <summary>
/// One request to a journal plugin in its own protocol, which answers the requesting actor with several messages (a
/// write: the batch's outcome, then one per event): collects as many as the request is answered with, hands them to the
/// task and stops. Started by <see cref="SessionJournal"/>.
/// </summary>
/// <remarks>
/// <para>
/// The timeout bounds the whole exchange with one timer. A receive timeout would bound each wait between replies, but
/// Akka schedules it again on every message: a write of a thousand sessions' checkpoints then made a thousand timer
/// registrations.
/// </para>
/// <para>
/// An exchange is made for every journal request: each checkpoint batch and each progress row. Its <see cref="Props"/>
/// therefore come from a producer that calls the constructor. <c>Props.Create(() => new JournalExchange(...))</c>
/// compiled an argument's expression tree on every call: Akka.NET's parser reads a captured local or a field of
/// <c>this</c> by reflection and compiles any other argument (here the static timeout). That was a dynamic method made,
/// compiled and thrown away per request, and the expression compiler kept hot for it.
/// </para>
/// </remarks>
internal sealed class JournalExchange : ReceiveActor, IWithTimers
{
    private readonly List<object> replies = [];

    private JournalExchange(IActorRef journal, Func<IActorRef, object> request, int replyCount, TaskCompletionSource<IReadOnlyList<object>> done, TimeSpan timeout)
    {
        Receive<Timeout>(_ =>
        {
            done.TrySetException(new TimeoutException($"the journal did not finish answering within {timeout.TotalSeconds:0} s"));
            Context.Stop(Self);
        });
        ReceiveAny(message =>
        {
            replies.Add(message);
            if (replies.Count == replyCount)
            {
                done.TrySetResult(replies);
                Context.Stop(Self);
            }
        });
        Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, timeout);
        journal.Tell(request(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props of one exchange: <paramref name="request"/> to <paramref name="journal"/>, whose <paramref name="replyCount"/> replies go into <paramref name="done"/>.</summary>
    public static Props Props(
        IActorRef journal, Func<IActorRef, object> request, int replyCount, TaskCompletionSource<IReadOnlyList<object>> done, TimeSpan timeout) =>
        Akka.Actor.Props.CreateBy(new Producer(journal, request, replyCount, done, timeout));

    /// <summary>Makes the exchange with its constructor: no expression to parse, nothing to compile.</summary>
    private sealed class Producer(
        IActorRef journal, Func<IActorRef, object> request, int replyCount, TaskCompletionSource<IReadOnlyList<object>> done, TimeSpan timeout)
        : IIndirectActorProducer
    {
        public Type ActorType => typeof(JournalExchange);

        public ActorBase Produce() => new JournalExchange(journal, request, replyCount, done, timeout);

        public void Release(ActorBase actor)
        {
        }
    }

    /// <summary>The exchange took longer than it may.</summary>
    private sealed record Timeout
    {
        public static readonly Timeout Instance = new();
    }
}
