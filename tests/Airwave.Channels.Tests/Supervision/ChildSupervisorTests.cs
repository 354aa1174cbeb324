using Airwave.Channels.Supervision;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Supervision;

/// <summary>The named parent of channels, upstream actors and relays: starts children under its path, waits out a stopping namesake, stops children through their own stop message.</summary>
public sealed class ChildSupervisorTests(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartChild_replies_with_the_child_created_under_the_supervisors_path()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "upstreams");

        var child = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "live"), AskTimeout);

        Assert.Equal("/user/upstreams/live", child.Path.ToStringWithoutAddress());
        child.Tell(Worker.Ping);
        await ExpectMsgAsync(Worker.Pong);
        Assert.Equal(child, LastSender);
    }

    [Fact]
    public async Task StartChild_sent_without_a_sender_creates_the_child_and_replies_to_nobody()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "relays");

        await EventFilter.DeadLetter<IActorRef>().ExpectAsync(0, async () =>
        {
            supervisor.Tell(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "live"), ActorRefs.NoSender);
            // Answered after the StartChild ahead of it, so the child exists by then.
            Assert.False(await supervisor.Ask<bool>(new ChildSupervisor.StopChild("nobody", Worker.Stop, AskTimeout), AskTimeout));
            var child = await Sys.ActorSelection("/user/relays/live").ResolveOne(AskTimeout);
            child.Tell(Worker.Ping);
            await ExpectMsgAsync(Worker.Pong);
        });
    }

    [Fact]
    public async Task StopChild_replies_true_once_the_child_ran_its_stop_message_and_terminated()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "channels");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var child = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, gate.Task), "live"), AskTimeout);
        Watch(child);

        var stopped = supervisor.Ask<bool>(new ChildSupervisor.StopChild("live", Worker.Stop, AskTimeout), AskTimeout * 2);
        await ExpectMsgAsync(Worker.Stopping);
        Assert.False(stopped.IsCompleted);
        gate.SetResult();

        Assert.True(await stopped);
        await ExpectMsgAsync(Worker.Stopped);
        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task StopChild_replies_false_for_a_name_without_a_child()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "channels");

        Assert.False(await supervisor.Ask<bool>(new ChildSupervisor.StopChild("nobody", Worker.Stop, AskTimeout), AskTimeout));
    }

    [Fact]
    public async Task StartChild_for_a_name_whose_previous_child_is_still_stopping_is_retried_and_succeeds_once_that_child_is_gone()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "channels");
        var sibling = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "other"), AskTimeout);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, gate.Task), "live"), AskTimeout);

        await EventFilter.Exception<Exception>().ExpectAsync(0, async () =>
        {
            var stopped = supervisor.Ask<bool>(new ChildSupervisor.StopChild("live", Worker.Stop, AskTimeout), AskTimeout * 2);
            await ExpectMsgAsync(Worker.Stopping);
            var started = supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "live"), AskTimeout);
            // Answered after the StartChild ahead of it: the supervisor tried the name while the previous child held it.
            Assert.False(await supervisor.Ask<bool>(new ChildSupervisor.StopChild("nobody", Worker.Stop, AskTimeout), AskTimeout));
            Assert.False(started.IsCompleted);

            gate.SetResult();

            Assert.True(await stopped);
            var next = await started;
            Assert.Equal("/user/channels/live", next.Path.ToStringWithoutAddress());
            Assert.NotEqual(previous, next);
            next.Tell(Worker.Ping);
            await ExpectMsgAsync(Worker.Stopped);
            await ExpectMsgAsync(Worker.Pong);
        });

        sibling.Tell(Worker.Ping);
        await ExpectMsgAsync(Worker.Pong);
        Assert.Equal(sibling, LastSender);
    }

    [Fact]
    public async Task StartChild_for_a_name_held_by_a_running_child_fails_after_its_retries_without_restarting_the_supervisor()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new ChildSupervisor()), "channels");
        var running = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "live"), AskTimeout);

        await Assert.ThrowsAsync<InvalidActorNameException>(
            () => supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(Worker.Create(TestActor, Task.CompletedTask), "live"), AskTimeout));

        running.Tell(Worker.Ping);
        await ExpectMsgAsync(Worker.Pong);
        Assert.Equal(running, LastSender);
    }

    /// <summary>A child that answers pings and, told to stop, reports it, waits for <c>gate</c>, reports again and stops.</summary>
    private sealed class Worker : ReceiveActor
    {
        public const string Ping = "ping";
        public const string Pong = "pong";
        public const string Stop = "stop";
        public const string Stopping = "stopping";
        public const string Stopped = "stopped";

        public Worker(IActorRef observer, Task gate)
        {
            Receive<string>(m => m == Ping, _ => Sender.Tell(Pong));
            ReceiveAsync<string>(m => m == Stop, async _ =>
            {
                observer.Tell(Stopping);
                await gate;
                observer.Tell(Stopped);
                Context.Stop(Self);
            });
        }

        public static Props Create(IActorRef observer, Task gate) => Props.Create(() => new Worker(observer, gate));
    }
}
