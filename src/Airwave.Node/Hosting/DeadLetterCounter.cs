using Akka.Actor;
using Akka.Event;

namespace Airwave.Node.Hosting;

/// <summary>Counts the messages Akka could not deliver (dead letters), for the admin API's node status.</summary>
internal sealed class DeadLetterCounter
{
    private long count;

    private DeadLetterCounter()
    {
    }

    /// <summary>Dead letters seen since the node started.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Subscribes a counting actor to the system's dead letters.</summary>
    public static DeadLetterCounter Start(ActorSystem system)
    {
        var counter = new DeadLetterCounter();
        var listener = system.ActorOf(Props.Create(() => new Listener(counter)), "dead-letter-counter");
        system.EventStream.Subscribe(listener, typeof(AllDeadLetters));
        return counter;
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(DeadLetterCounter counter) => Receive<AllDeadLetters>(_ => Interlocked.Increment(ref counter.count));
    }
}
