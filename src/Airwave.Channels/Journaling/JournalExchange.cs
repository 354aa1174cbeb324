using Akka.Actor;

namespace Airwave.Channels.Journaling;

/// <summary>
/// One request to a journal plugin in its own protocol, which answers the requesting actor with several messages (a
/// replay: every event, then the outcome; a write: the batch's outcome, then one per event): collects them until
/// <c>isLast</c> says the exchange is over, hands them to the task and stops. Started by <see cref="SessionJournal"/>.
/// </summary>
internal sealed class JournalExchange : ReceiveActor
{
    private readonly List<object> replies = [];

    public JournalExchange(IActorRef journal, Func<IActorRef, object> request, Func<object, IReadOnlyList<object>, bool> isLast, TaskCompletionSource<IReadOnlyList<object>> done, TimeSpan timeout)
    {
        ReceiveAny(message =>
        {
            if (message is ReceiveTimeout)
            {
                done.TrySetException(new TimeoutException($"the journal did not answer within {timeout.TotalSeconds:0} s"));
                Context.Stop(Self);
                return;
            }

            replies.Add(message);
            if (isLast(message, replies))
            {
                done.TrySetResult(replies);
                Context.Stop(Self);
            }
        });
        Context.SetReceiveTimeout(timeout);
        journal.Tell(request(Self));
    }
}
