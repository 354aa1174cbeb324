using Akka.Actor;

namespace Airwave.Channels.Supervision;

/// <summary>Stops an actor through its own stop message, so it finishes what must not be cut (a dump, a closing connection) first.</summary>
public static class ActorStop
{
    /// <summary>Sends <paramref name="stopMessage"/> and waits until <paramref name="actor"/> terminated; false when it did not within <paramref name="timeout"/>.</summary>
    public static async Task<bool> GracefullyAsync(IActorRef actor, object stopMessage, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await actor.GracefulStop(timeout, stopMessage).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
