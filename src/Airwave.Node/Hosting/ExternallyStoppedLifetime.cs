using Microsoft.Extensions.Hosting;

namespace Airwave.Node.Hosting;

/// <summary>Keeps the web host from reacting to SIGTERM/Ctrl-C itself: the node's coordinated shutdown decides the order.</summary>
internal sealed class ExternallyStoppedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
