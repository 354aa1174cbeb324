using Airwave.Streaming.Transcoding;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class TranscoderStateTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_run_the_source_ended_restarts_at_once_without_counting_a_failure()
    {
        var state = NewState();
        state.Started(Start, 100);

        var delay = state.Ended(new TranscodeEnd(TranscodeEndKind.SourceIdle, "/live has sent no audio for 5s"), Start.AddMinutes(1));

        Assert.Equal(TimeSpan.Zero, delay);
        Assert.Equal(new TranscoderStatus(TranscoderPhase.Waiting, Start.AddMinutes(1), null, 1, 0, "/live has sent no audio for 5s"), state.Status);
    }

    [Fact]
    public void Failures_in_a_row_double_the_backoff_up_to_its_maximum()
    {
        var state = NewState();
        var now = Start;
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            state.Started(now, 100 + i);
            now = now.AddSeconds(2);
            delays.Add(state.Ended(new TranscodeEnd(TranscodeEndKind.Failed, "ffmpeg exited with code 1"), now));
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(d => d.TotalSeconds));
        Assert.Equal(TranscoderPhase.Restarting, state.Status.Phase);
        Assert.Equal(7, state.Status.Failures);
        Assert.Equal(7, state.Status.Starts);
    }

    [Fact]
    public void A_run_that_played_for_half_a_minute_clears_the_failures_in_a_row()
    {
        var state = NewState();
        state.Started(Start, 1);
        state.Ended(new TranscodeEnd(TranscodeEndKind.Stalled, "stalled"), Start.AddSeconds(1));
        state.Started(Start.AddSeconds(2), 2);
        state.Ended(new TranscodeEnd(TranscodeEndKind.Stalled, "stalled"), Start.AddSeconds(3));
        state.Started(Start.AddSeconds(10), 3);

        var delay = state.Ended(new TranscodeEnd(TranscodeEndKind.Failed, "ffmpeg exited with code 137 (killed by signal 9)"), Start.AddSeconds(10) + TranscoderState.HealthyRun);

        Assert.Equal(TimeSpan.FromSeconds(1), delay);
    }

    [Fact]
    public void A_refused_transcoder_says_which_limit_and_a_running_one_forgets_why_it_waited()
    {
        var state = NewState();
        state.Refused(Start, 4);
        Assert.Equal("transcoding.max-processes (4) reached on this node", state.Status.Reason);

        state.Started(Start.AddSeconds(5), 42);

        Assert.Equal(new TranscoderStatus(TranscoderPhase.Running, Start.AddSeconds(5), 42, 1, 0, ""), state.Status);
    }

    [Fact]
    public void A_restarted_transcoder_still_shows_why_its_last_run_failed()
    {
        var state = NewState();
        state.Started(Start, 1);
        state.Ended(new TranscodeEnd(TranscodeEndKind.NotAudio, "ffmpeg did not write Aac"), Start.AddSeconds(1));

        state.Started(Start.AddSeconds(2), 2);

        Assert.Equal("ffmpeg did not write Aac", state.Status.Reason);
    }

    [Fact]
    public void Slots_refuse_beyond_the_limit_and_free_on_release()
    {
        var slots = new TranscoderSlots(2);

        Assert.True(slots.TryAcquire());
        Assert.True(slots.TryAcquire());
        Assert.False(slots.TryAcquire());
        slots.Release();
        Assert.True(slots.TryAcquire());
        Assert.Equal(2, slots.InUse);
    }

    /// <summary>A backoff from 1 s to 30 s with its jitter drawn as zero.</summary>
    private static TranscoderState NewState() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new ZeroRandom());

    private sealed class ZeroRandom : Random
    {
        public override double NextDouble() => 0;
    }
}
