using Akka;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>Adds the node's steps to Akka's coordinated shutdown, each given a token that fires when its phase times out.</summary>
internal static class ShutdownTasks
{
    /// <summary>Runs <paramref name="task"/> in <paramref name="phase"/>; it should give up when the token fires, as shutdown moves on then anyway.</summary>
    public static void Add(CoordinatedShutdown shutdown, string phase, string name, Func<CancellationToken, Task> task)
    {
        var timeout = shutdown.Timeout(phase);
        shutdown.AddTask(phase, name, async () =>
        {
            using var limit = new CancellationTokenSource(timeout);
            await task(limit.Token).ConfigureAwait(false);
            return Done.Instance;
        });
    }
}
