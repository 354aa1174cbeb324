using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class DeathWatchTests : ActorTestKit
{
    private sealed record SpawnChild(string Name);

    private sealed class ParentActor(TestProbe probe) : Actor<object>
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            if (message is SpawnChild spawn)
            {
                var child = Context.Spawn(Props.Create(() => new LifecycleActor(probe, spawn.Name)), spawn.Name);
                probe.Tell(child.Path);
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask PostStopAsync()
        {
            probe.Tell("parent stopped");
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Watcher_gets_Terminated_when_the_target_stops()
    {
        var probe = CreateProbe();
        var target = System.Spawn(Props.Create(() => new LifecycleActor(probe, "target")), "target");
        await probe.ExpectMsgAsync("target started");
        probe.Watch(target);

        System.Stop(target);

        var terminated = await probe.FishForMessageAsync<Terminated>(_ => true);
        Assert.Equal("/user/target", terminated.Ref.Path);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var probe = CreateProbe();
        var target = System.Spawn(Props.Create(() => new LifecycleActor(probe, "short")), "short");
        System.Stop(target);
        await probe.FishForMessageAsync<string>(text => text == "short stopped");
        await TestProbe.AwaitAssertAsync(() => Assert.DoesNotContain(System.GetHierarchy(), info => info.Path == "/user/short"));

        probe.Watch(target);

        await probe.ExpectTerminatedAsync(target);
    }

    [Fact]
    public async Task Stopping_a_parent_stops_its_children_first()
    {
        var probe = CreateProbe();
        var parent = System.Spawn(Props.Create(() => new ParentActor(probe)), "channels");
        parent.Tell(new SpawnChild("live"));
        await probe.ExpectMsgAsync("/user/channels/live");
        await probe.ExpectMsgAsync("live started");
        probe.Watch(parent);

        System.Stop(parent);

        var received = await probe.ReceiveNAsync(3);

        Assert.Equal(["live stopped", "parent stopped"], received.OfType<string>());
        Assert.Equal(parent.Path, Assert.Single(received.OfType<Terminated>()).Ref.Path);
    }

    [Fact]
    public async Task Messages_to_a_stopped_actor_are_counted_as_dead_letters()
    {
        var probe = CreateProbe();
        var target = System.Spawn(Props.Create(() => new LifecycleActor(probe, "gone")));
        probe.Watch(target);
        System.Stop(target);
        await probe.FishForMessageAsync<Terminated>(_ => true);
        var before = System.DeadLetters.Count;

        var typed = (IActorRef<object>)target;
        typed.Tell("one");
        typed.Tell("two");

        Assert.Equal(before + 2, System.DeadLetters.Count);
    }

    [Fact]
    public async Task Terminating_the_system_stops_every_actor()
    {
        var probe = CreateProbe();
        System.Spawn(Props.Create(() => new LifecycleActor(probe, "a")), "a");
        await probe.ExpectMsgAsync("a started");

        await System.TerminateAsync();

        Assert.True(System.WhenTerminated.IsCompleted);
        Assert.Empty(System.GetHierarchy());
    }
}
