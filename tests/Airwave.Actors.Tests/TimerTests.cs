using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class TimerTests : ActorTestKit
{
    private sealed record StartSingle(string Key, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed record Tick(string Key);

    private sealed class TimerActor(TestProbe probe) : Actor<object>
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case StartSingle single:
                    Context.Timers.StartSingleTimer(single.Key, new Tick(single.Key), single.Delay);
                    break;
                case StartPeriodic periodic:
                    Context.Timers.StartPeriodicTimer(periodic.Key, new Tick(periodic.Key), periodic.Interval);
                    break;
                case CancelTimer cancel:
                    Context.Timers.Cancel(cancel.Key);
                    probe.Tell($"cancelled {cancel.Key}, active={Context.Timers.IsTimerActive(cancel.Key)}");
                    break;
                case Tick tick:
                    probe.Tell(tick);
                    break;
                case Exception exception:
                    throw exception;
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Single_timer_fires_once()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new TimerActor(probe)));

        actor.Tell(new StartSingle("once", TimeSpan.FromMilliseconds(50)));

        await probe.ExpectMsgAsync(new Tick("once"));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Periodic_timer_fires_repeatedly_until_cancelled()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new TimerActor(probe)));

        actor.Tell(new StartPeriodic("tick", TimeSpan.FromMilliseconds(30)));
        await probe.ExpectMsgAsync(new Tick("tick"));
        await probe.ExpectMsgAsync(new Tick("tick"));
        await probe.ExpectMsgAsync(new Tick("tick"));
        actor.Tell(new CancelTimer("tick"));

        await probe.FishForMessageAsync<string>(text => text == "cancelled tick, active=False");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Cancelled_single_timer_never_delivers()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new TimerActor(probe)));

        actor.Tell(new StartSingle("late", TimeSpan.FromMilliseconds(150)));
        actor.Tell(new CancelTimer("late"));

        await probe.ExpectMsgAsync("cancelled late, active=False");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_restarts()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new TimerActor(probe)));

        actor.Tell(new StartPeriodic("tick", TimeSpan.FromMilliseconds(30)));
        await probe.ExpectMsgAsync(new Tick("tick"));
        actor.Tell(new InvalidOperationException("boom"));

        actor.Tell(new Tick("restarted"));

        await probe.FishForMessageAsync<Tick>(tick => tick.Key == "restarted");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }
}
