using Airwave.Channels.Journaling;
using Airwave.Streaming.Channels;
using Akka.Configuration;
using Akka.Persistence.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Journaling;

/// <summary>A journal that fails a write (its database is down): the asker hears at once, and the supervised counter works again once the journal does.</summary>
public sealed class ReservationFailureTests(ITestOutputHelper output) : TestKit(Journal, output: output)
{
    // Far below the log's own 30 s ask timeout: a failure must be answered, not waited out.
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    /// <summary>Akka.Persistence.TestKit's journal, whose writes a test can make fail.</summary>
    private static Config Journal => ConfigurationFactory.ParseString("""
        akka.persistence.journal {
          plugin = "akka.persistence.journal.test"
          test { class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit", plugin-dispatcher = "akka.actor.default-dispatcher" }
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    [Fact]
    public async Task A_failed_write_is_answered_at_once_and_the_counter_writes_again_when_the_journal_is_back()
    {
        var log = new ReservationLog<SequenceReserved>(Sys.ActorOf(ReservationProps.Supervised<SequenceReserved>("channel-sequence/live", null, NullLogger.Instance)));
        await log.AppendAsync(new SequenceReserved(999));
        var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor("akka.persistence.journal.test"));

        await journal.OnWrite.Fail();
        var failed = await Record.ExceptionAsync(() => log.AppendAsync(new SequenceReserved(1999)).WaitAsync(Answered));
        Assert.NotNull(failed);
        Assert.IsNotType<TimeoutException>(failed);

        await journal.OnWrite.Pass();
        await AwaitAssertAsync(() => log.AppendAsync(new SequenceReserved(2999)).WaitAsync(Answered), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        Assert.Equal(2999, (await log.ReadLatestAsync())!.UpTo);
    }
}
