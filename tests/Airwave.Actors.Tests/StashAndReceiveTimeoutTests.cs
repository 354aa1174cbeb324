using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class StashAndReceiveTimeoutTests : ActorTestKit
{
    private sealed record Open;

    private sealed class GateKeeper(TestProbe probe) : Actor<object>
    {
        private bool _open;

        protected override ValueTask ReceiveAsync(object message)
        {
            if (message is Open)
            {
                _open = true;
                probe.Tell($"opened with {Context.Stash.Count} stashed");
                Context.Stash.UnstashAll();
            }
            else if (_open)
            {
                probe.Tell(message);
            }
            else
            {
                Context.Stash.Stash(message);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class IdleStopper(TestProbe probe, TimeSpan idle) : Actor<object>
    {
        protected override ValueTask PreStartAsync()
        {
            Context.SetReceiveTimeout(idle);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask ReceiveAsync(object message)
        {
            probe.Tell(message);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask OnSignalAsync(Signal signal)
        {
            if (signal is ReceiveTimeout)
            {
                probe.Tell("idle");
                Context.Stop(Context.Self);
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Unstashed_messages_are_handled_in_order_before_newer_mail()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new GateKeeper(probe)));

        actor.Tell("a");
        actor.Tell("b");
        actor.Tell(new Open());
        actor.Tell("c");

        await probe.ExpectMsgAsync("opened with 2 stashed");
        await probe.ExpectMsgAsync("a");
        await probe.ExpectMsgAsync("b");
        await probe.ExpectMsgAsync("c");
    }

    [Fact]
    public async Task Receive_timeout_passivates_an_idle_actor()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new IdleStopper(probe, TimeSpan.FromMilliseconds(150))));
        probe.Watch(actor);

        actor.Tell("ping");

        var received = await probe.ReceiveNAsync(3);

        Assert.Equal(["ping", "idle"], received.OfType<string>());
        Assert.Single(received.OfType<Terminated>());
    }

    [Fact]
    public async Task Messages_keep_postponing_the_receive_timeout()
    {
        var probe = CreateProbe();
        var actor = System.Spawn(Props.Create(() => new IdleStopper(probe, TimeSpan.FromSeconds(2))));

        for (var i = 0; i < 5; i++)
        {
            actor.Tell(i);
            await probe.ExpectMsgAsync(i);
            await Task.Delay(500);
        }

        await probe.ExpectMsgAsync("idle");
    }
}
