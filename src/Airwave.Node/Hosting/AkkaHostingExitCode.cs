namespace Airwave.Node.Hosting;

/// <summary>
/// Akka.Hosting's <c>AkkaHostedService</c> awaits the actor system's termination on a continuation of its own and, when
/// the reason was a cluster leave or a down, sets <see cref="Environment.ExitCode"/> to -1 (exit status 255), then stops
/// the host's lifetime. The node decides its own exit code (0 after a leave, 1 after a down), which the process only
/// exits with when it is written last; under load that continuation could run after the node had returned.
/// </summary>
internal static class AkkaHostingExitCode
{
    /// <summary>How long to wait for the hook, which runs as soon as a thread-pool thread is free; it never waits this long.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Completes once Akka.Hosting's termination hook has written its exit code (it stops the lifetime right after).</summary>
    public static async Task SettledAsync(IHostApplicationLifetime lifetime)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await Task.WhenAny(stopping.Task, Task.Delay(Patience)).ConfigureAwait(false);
    }
}
