using System.Runtime;
using Airwave.Channels.Journaling;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Journaling;

public sealed class JournalExchangeTests(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public async Task The_replies_up_to_the_last_are_handed_over_and_the_exchange_stops()
    {
        var journal = CreateTestProbe();
        var done = new TaskCompletionSource<IReadOnlyList<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exchange = Sys.ActorOf(JournalExchange.Props(journal, Request.To, replyCount: 3, done, TimeSpan.FromSeconds(10)));
        Watch(exchange);

        var replyTo = journal.ExpectMsg<Request>().ReplyTo;
        foreach (var reply in new[] { "outcome", "first", "second" })
        {
            replyTo.Tell(reply);
        }

        Assert.Equal(["outcome", "first", "second"], await done.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        ExpectTerminated(exchange);
    }

    [Fact]
    public async Task A_journal_that_does_not_finish_answering_in_time_fails_the_exchange_even_while_it_still_replies()
    {
        var journal = CreateTestProbe();
        var done = new TaskCompletionSource<IReadOnlyList<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exchange = Sys.ActorOf(JournalExchange.Props(journal, Request.To, replyCount: int.MaxValue, done, TimeSpan.FromMilliseconds(500)));
        Watch(exchange);
        var replyTo = journal.ExpectMsg<Request>().ReplyTo;

        // Replies keep coming more often than the timeout, and the exchange still ends at it: the bound is for the whole exchange.
        using var replying = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            while (!replying.IsCancellationRequested)
            {
                replyTo.Tell("one more");
                await Task.Delay(100);
            }
        });

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => done.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await replying.CancelAsync();
        await trickle;
        Assert.Contains("did not finish answering within", failure.Message, StringComparison.Ordinal);
        ExpectTerminated(exchange);
    }

    [Fact]
    public void Making_an_exchanges_props_compiles_no_code()
    {
        // One exchange is made per journal request: every checkpoint batch and every progress row. The
        // expression form of Props.Create compiled a dynamic method on each call, which the JIT counts on this thread.
        var journal = CreateTestProbe();
        var done = new TaskCompletionSource<IReadOnlyList<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var props = new Props[100];
        props[0] = JournalExchange.Props(journal, Request.To, replyCount: 1, done, TimeSpan.FromSeconds(1));
        var compiledBefore = JitInfo.GetCompiledMethodCount(currentThread: true);
        for (var i = 1; i < props.Length; i++)
        {
            props[i] = JournalExchange.Props(journal, Request.To, replyCount: 1, done, TimeSpan.FromSeconds(i));
        }

        var compiled = JitInfo.GetCompiledMethodCount(currentThread: true) - compiledBefore;
        Assert.True(compiled < 10, $"making 99 exchanges' props compiled {compiled} methods on the calling thread");
        Assert.All(props, p => Assert.Equal(typeof(JournalExchange), p.Type));
    }

    private sealed record Request(IActorRef ReplyTo)
    {
        /// <summary>The exchange's request, as the journal's protocol would carry the actor to answer.</summary>
        public static readonly Func<IActorRef, object> To = replyTo => new Request(replyTo);
    }
}
