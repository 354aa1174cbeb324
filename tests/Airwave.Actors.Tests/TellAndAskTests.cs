using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class TellAndAskTests : ActorTestKit
{
    private sealed record Increment(int By);

    private sealed record GetTotal(IActorRef<Total> ReplyTo);

    private sealed record Total(int Value);

    private sealed class Counter : Actor<object>
    {
        private int _total;

        protected override ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case Increment increment:
                    _total += increment.By;
                    break;
                case GetTotal get:
                    get.ReplyTo.Tell(new Total(_total));
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class AsyncEcho(TestProbe probe) : Actor<int>
    {
        protected override async ValueTask ReceiveAsync(int message)
        {
            if (message % 10 == 0)
            {
                await Task.Yield();
            }

            probe.Tell(message);
        }
    }

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_send_order()
    {
        var probe = CreateProbe();
        var echo = System.Spawn(Props.Create(() => new AsyncEcho(probe)), "echo");
        for (var i = 0; i < 1000; i++)
        {
            echo.Tell(i);
        }

        for (var i = 0; i < 1000; i++)
        {
            await probe.ExpectMsgAsync(i);
        }
    }

    [Fact]
    public async Task Ask_returns_the_reply_sent_to_the_temporary_ref()
    {
        var counter = System.Spawn(Props.Create(() => new Counter()), "counter");
        counter.Tell(new Increment(2));
        counter.Tell(new Increment(3));

        var total = await counter.Ask<Total>(replyTo => new GetTotal(replyTo), TimeSpan.FromSeconds(5));

        Assert.Equal(new Total(5), total);
    }

    [Fact]
    public async Task Ask_without_a_reply_throws_AskTimeoutException()
    {
        var counter = System.Spawn(Props.Create(() => new Counter()), "silent");

        var error = await Assert.ThrowsAsync<AskTimeoutException>(
            () => counter.Ask<int>(_ => new Increment(1), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("/user/silent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_can_serve_as_a_typed_reply_ref()
    {
        var probe = CreateProbe();
        var counter = System.Spawn(Props.Create(() => new Counter()));
        counter.Tell(new Increment(7));
        counter.Tell(new GetTotal(probe.Ref<Total>()));

        await probe.ExpectMsgAsync(new Total(7));
    }

    [Fact]
    public void Spawning_a_second_live_actor_with_the_same_name_is_rejected()
    {
        System.Spawn(Props.Create(() => new Counter()), "twin");

        Assert.Throws<InvalidActorNameException>(() => System.Spawn(Props.Create(() => new Counter()), "twin"));
    }
}
