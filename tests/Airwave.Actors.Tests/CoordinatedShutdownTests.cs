using System.Collections.Concurrent;
using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class CoordinatedShutdownTests : ActorTestKit
{
    [Fact]
    public async Task Phases_run_in_order_then_the_system_terminates()
    {
        var ran = new ConcurrentQueue<string>();
        var shutdown = System.CoordinatedShutdown;
        shutdown.AddTask(ShutdownPhase.ClusterLeave, "leave", _ => Record(ran, "leave"));
        shutdown.AddTask(ShutdownPhase.ServiceUnbind, "unbind", _ => Record(ran, "unbind"));
        shutdown.AddTask(ShutdownPhase.BeforeActorSystemTerminate, "flush", _ => Record(ran, "flush"));
        shutdown.AddTask(ShutdownPhase.ServiceRequestsDone, "drain", async token =>
        {
            await Task.Delay(50, token);
            ran.Enqueue("drain");
        });

        await shutdown.RunAsync("test");

        Assert.Equal(["unbind", "drain", "leave", "flush"], ran.ToArray());
        Assert.True(System.WhenTerminated.IsCompleted);
        Assert.Equal("test", shutdown.Reason);
    }

    [Fact]
    public async Task Running_twice_runs_the_tasks_once()
    {
        var runs = 0;
        System.CoordinatedShutdown.AddTask(ShutdownPhase.ServiceStop, "count", _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        });

        var first = System.CoordinatedShutdown.RunAsync("first");
        var second = System.CoordinatedShutdown.RunAsync("second");
        await Task.WhenAll(first, second);

        Assert.Same(first, second);
        Assert.Equal(1, runs);
        Assert.Equal("first", System.CoordinatedShutdown.Reason);
    }

    [Fact]
    public async Task A_phase_that_exceeds_its_timeout_does_not_block_later_phases()
    {
        var ran = new ConcurrentQueue<string>();
        var shutdown = System.CoordinatedShutdown;
        shutdown.SetPhaseTimeout(ShutdownPhase.ServiceUnbind, TimeSpan.FromMilliseconds(100));
        shutdown.AddTask(ShutdownPhase.ServiceUnbind, "hang", _ => Task.Delay(Timeout.Infinite, CancellationToken.None));
        shutdown.AddTask(ShutdownPhase.ServiceStop, "after", _ => Record(ran, "after"));

        await shutdown.RunAsync("timeout").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["after"], ran.ToArray());
    }

    [Fact]
    public void Unknown_phases_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => System.CoordinatedShutdown.AddTask("no-such-phase", "x", _ => Task.CompletedTask));
    }

    private static Task Record(ConcurrentQueue<string> ran, string name)
    {
        ran.Enqueue(name);
        return Task.CompletedTask;
    }
}
