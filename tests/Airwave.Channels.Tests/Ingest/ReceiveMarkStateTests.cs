using Airwave.Channels.Ingest;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class ReceiveMarkStateTests
{
    private const int Mark = 8192;
    private const int StillTicks = 4;

    [Fact]
    public void Bytes_waiting_unread_drop_the_mark_to_one_byte_after_the_still_ticks_and_a_read_restores_it()
    {
        var state = new ReceiveMarkState(Mark, StillTicks);
        for (var tick = 1; tick < StillTicks; tick++)
        {
            Assert.Null(state.Next(waiting: 100, read: false));
        }

        Assert.Equal(1, state.Next(waiting: 100, read: false));
        Assert.Null(state.Next(waiting: 100, read: false)); // lowered already: nothing to change
        Assert.Equal(Mark, state.Next(waiting: 0, read: true));
        Assert.Null(state.Next(waiting: 0, read: false));
    }

    [Fact]
    public void A_source_that_is_read_keeps_its_mark_whatever_waits_between_reads()
    {
        var state = new ReceiveMarkState(Mark, StillTicks);
        for (var tick = 0; tick < 5 * StillTicks; tick++)
        {
            // A source at its rate fills the mark about every other tick.
            Assert.Null(state.Next(waiting: 4000, read: tick % 2 == 0));
        }
    }

    [Fact]
    public void A_silent_source_keeps_its_mark()
    {
        var state = new ReceiveMarkState(Mark, StillTicks);
        for (var tick = 0; tick < 5 * StillTicks; tick++)
        {
            Assert.Null(state.Next(waiting: 0, read: false));
        }
    }

    [Fact]
    public void A_read_or_an_empty_queue_starts_the_count_of_still_ticks_again()
    {
        var state = new ReceiveMarkState(Mark, StillTicks);
        for (var tick = 1; tick < StillTicks; tick++)
        {
            Assert.Null(state.Next(waiting: 100, read: false));
        }

        Assert.Null(state.Next(waiting: 0, read: false));
        for (var tick = 1; tick < StillTicks; tick++)
        {
            Assert.Null(state.Next(waiting: 100, read: false));
        }

        Assert.Null(state.Next(waiting: 100, read: true));
        for (var tick = 1; tick < StillTicks; tick++)
        {
            Assert.Null(state.Next(waiting: 100, read: false));
        }

        Assert.Equal(1, state.Next(waiting: 100, read: false));
    }
}
