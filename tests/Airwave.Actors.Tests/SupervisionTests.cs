using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class SupervisionTests : ActorTestKit
{
    private sealed record Add(int Value);

    private sealed record Report;

    private sealed record Crash(string Reason);

    private sealed class StatefulChild(TestProbe probe) : Actor<object>
    {
        private int _total;

        protected override ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case Add add:
                    _total += add.Value;
                    break;
                case Report:
                    probe.Tell(_total);
                    break;
                case Crash crash:
                    throw new InvalidOperationException(crash.Reason);
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask PreStartAsync()
        {
            probe.Tell("child started");
            return ValueTask.CompletedTask;
        }

        protected override ValueTask PostRestartAsync(Exception reason)
        {
            probe.Tell($"child restarted after {reason.Message}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SupervisingParent(TestProbe probe, SupervisorStrategy childStrategy) : Actor<object>
    {
        private IActorRef<object>? _child;

        protected override ValueTask PreStartAsync()
        {
            _child = Context.Spawn(Props.Create(() => new StatefulChild(probe)) with { Supervisor = childStrategy }, "child");
            probe.Tell(_child);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask PostRestartAsync(Exception reason)
        {
            probe.Tell($"parent restarted after {reason.Message}");
            return PreStartAsync();
        }

        protected override ValueTask ReceiveAsync(object message)
        {
            _child!.Tell(message);
            return ValueTask.CompletedTask;
        }
    }

    private async Task<(IActorRef<object> Parent, IActorRef<object> Child)> StartAsync(TestProbe probe, SupervisorStrategy strategy)
    {
        var parent = System.Spawn(Props.Create(() => new SupervisingParent(probe, strategy)), "parent");
        var child = await probe.ExpectMsgAsync<IActorRef<object>>();
        await probe.ExpectMsgAsync("child started");
        return (parent, child);
    }

    [Fact]
    public async Task Restart_replaces_the_instance_and_keeps_the_ref_and_mailbox()
    {
        var probe = CreateProbe();
        var (_, child) = await StartAsync(probe, SupervisorStrategy.Default);
        child.Tell(new Add(5));

        child.Tell(new Crash("bad input"));
        child.Tell(new Add(1));
        child.Tell(new Report());

        await probe.ExpectMsgAsync("child restarted after bad input");
        await probe.ExpectMsgAsync(1);
    }

    [Fact]
    public async Task Resume_keeps_the_state_and_drops_only_the_failing_message()
    {
        var probe = CreateProbe();
        var (_, child) = await StartAsync(probe, SupervisorStrategy.ResumeOnFailure);
        child.Tell(new Add(5));

        child.Tell(new Crash("ignored"));
        child.Tell(new Add(1));
        child.Tell(new Report());

        await probe.ExpectMsgAsync(6);
    }

    [Fact]
    public async Task Stop_directive_terminates_the_child()
    {
        var probe = CreateProbe();
        var (_, child) = await StartAsync(probe, SupervisorStrategy.StopOnFailure);
        probe.Watch(child);

        child.Tell(new Crash("fatal"));

        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Restarts_back_off_and_stop_the_child_after_the_retry_limit()
    {
        var probe = CreateProbe();
        var strategy = SupervisorStrategy.RestartWithBackoff(
            TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), 0.1, maxRetries: 3, window: TimeSpan.FromMinutes(1));
        var (_, child) = await StartAsync(probe, strategy);
        probe.Watch(child);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            child.Tell(new Crash($"crash {attempt}"));
            await probe.ExpectMsgAsync($"child restarted after crash {attempt}");
        }

        child.Tell(new Crash("one too many"));

        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public void Backoff_doubles_from_the_minimum_up_to_the_maximum()
    {
        var strategy = SupervisorStrategy.RestartWithBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0);

        Assert.Equal(TimeSpan.FromMilliseconds(100), strategy.BackoffFor(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), strategy.BackoffFor(2));
        Assert.Equal(TimeSpan.FromMilliseconds(400), strategy.BackoffFor(3));
        Assert.Equal(TimeSpan.FromSeconds(1), strategy.BackoffFor(10));
    }

    [Fact]
    public void Random_factor_only_lengthens_the_delay_by_at_most_its_fraction()
    {
        var strategy = SupervisorStrategy.RestartWithBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0.5);

        for (var i = 0; i < 100; i++)
        {
            var delay = strategy.BackoffFor(1);
            Assert.InRange(delay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(150));
        }
    }

    [Fact]
    public async Task Escalate_lets_the_grandparent_restart_the_parent_which_recreates_the_child()
    {
        var probe = CreateProbe();
        var (_, child) = await StartAsync(probe, SupervisorStrategy.EscalateOnFailure);

        child.Tell(new Crash("escalated"));

        await probe.ExpectMsgAsync("parent restarted after escalated");
        var newChild = await probe.ExpectMsgAsync<IActorRef<object>>();
        await probe.ExpectMsgAsync("child started");
        Assert.Equal(child.Path, newChild.Path);
        Assert.NotSame(child, newChild);
    }

    [Fact]
    public async Task Failing_PreStart_is_restarted_like_any_failure()
    {
        var probe = CreateProbe();
        var attempts = 0;
        var actor = System.Spawn(Props.Create<object>(() =>
        {
            attempts++;
            return attempts == 1 ? new FailingStart() : new LifecycleActor(probe, "second");
        }));

        await probe.ExpectMsgAsync("second started");
        actor.Tell("hello");
        await probe.ExpectMsgAsync("second got hello");
    }

    private sealed class FailingStart : Actor<object>
    {
        protected override ValueTask ReceiveAsync(object message) => ValueTask.CompletedTask;

        protected override ValueTask PreStartAsync() => throw new InvalidOperationException("cannot start");
    }
}
