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
        var exchange = Sys.ActorOf(Props.Create(() => new JournalExchange(journal, Request.To, (_, all) => all.Count == 3, done, TimeSpan.FromSeconds(10))));
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
        var exchange = Sys.ActorOf(Props.Create(() => new JournalExchange(journal, Request.To, (_, _) => false, done, TimeSpan.FromMilliseconds(500))));
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

    private sealed record Request(IActorRef ReplyTo)
    {
        /// <summary>The exchange's request, as the journal's protocol would carry the actor to answer.</summary>
        public static readonly Func<IActorRef, object> To = replyTo => new Request(replyTo);
    }
}
