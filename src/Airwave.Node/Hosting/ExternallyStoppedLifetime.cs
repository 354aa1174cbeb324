namespace Airwave.Node.Hosting;

/// <summary>Keeps the node's hosts (the actor system's, the web application) from reacting to SIGTERM/Ctrl-C themselves: the node's coordinated shutdown decides the order.</summary>
internal sealed class ExternallyStoppedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
