using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Journaling;
using Xunit;

namespace Airwave.Streaming.Tests.Journaling;

/// <summary>Counters write their next block ahead, so a journal that is down does not stop the numbering while a block lasts.</summary>
public sealed class ReservationAheadTests
{
    [Fact]
    public async Task Chunk_numbers_go_on_through_a_journal_outage_and_the_next_block_is_written_when_it_is_back()
    {
        var log = new FlakyLog<SequenceReserved>();
        var sequence = new ChannelSequence(log);
        await sequence.RecoverAsync(-1);
        Assert.Equal(0, await sequence.NextAsync());

        log.Down = true;
        for (var expected = 1L; expected < ChannelSequence.BlockSize; expected++)
        {
            Assert.Equal(expected, await sequence.NextAsync());
        }

        Assert.True(log.Refused > 1, "writes ahead were tried during the outage");
        Assert.True(log.Refused < ChannelSequence.BlockSize / 2 / ReservationAhead<SequenceReserved>.RetryEvery + 2, $"{log.Refused} writes tried: spaced, not one per chunk");
        await Assert.ThrowsAsync<IOException>(async () => await sequence.NextAsync());

        log.Down = false;
        Assert.Equal(ChannelSequence.BlockSize, await sequence.NextAsync());
        Assert.Equal(2 * ChannelSequence.BlockSize - 1, log.Latest!.UpTo);
    }

    [Fact]
    public async Task The_next_block_is_durable_before_the_current_one_runs_out()
    {
        var log = new FlakyLog<SequenceReserved>();
        var sequence = new ChannelSequence(log);
        await sequence.RecoverAsync(-1);

        for (var i = 0; i < ChannelSequence.BlockSize; i++)
        {
            await sequence.NextAsync();
        }

        Assert.Equal(2, log.Written);
        Assert.Equal(2 * ChannelSequence.BlockSize - 1, log.Latest!.UpTo);
        Assert.Equal(ChannelSequence.BlockSize, await sequence.NextAsync());
        Assert.Equal(2, log.Written);
    }

    [Fact]
    public async Task Segment_numbers_are_written_ahead_too_and_survive_an_outage()
    {
        var log = new FlakyLog<SegmentSequenceReserved>();
        var sequence = new SegmentSequence(log);
        await sequence.RecoverAsync();
        await sequence.NextAsync(startsDiscontinuity: false);

        log.Down = true;
        for (var expected = 1L; expected < SegmentSequence.MediaBlockSize; expected++)
        {
            Assert.Equal(expected, (await sequence.NextAsync(startsDiscontinuity: false)).MediaSequence);
        }

        log.Down = false;
        Assert.Equal(SegmentSequence.MediaBlockSize, (await sequence.NextAsync(startsDiscontinuity: true)).MediaSequence);
        Assert.True(log.Latest!.MediaUpTo >= 2 * SegmentSequence.MediaBlockSize - 1);
    }

    /// <summary>Reservations in memory that can be refused, as a journal whose database is down refuses them.</summary>
    private sealed class FlakyLog<TEvent> : IReservationLog<TEvent>
        where TEvent : class
    {
        public volatile bool Down;

        public TEvent? Latest { get; private set; }

        public int Written { get; private set; }

        public int Refused { get; private set; }

        public Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default) => Task.FromResult(Latest);

        public Task AppendAsync(TEvent reservation, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Refused++;
                return Task.FromException(new IOException("journal down"));
            }

            Latest = reservation;
            Written++;
            return Task.CompletedTask;
        }
    }
}
