using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Xunit;
using Xunit.Sdk;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

/// <summary>Random append/evict/lookup sequences checked against a plain list that evicts by the same rule.</summary>
public sealed class RewindModelPropertyTests
{
    private static readonly long MaxTicks = TimeSpan.FromSeconds(30).Ticks;

    [Fact]
    public void Random_appends_and_lookups_agree_with_a_list_model()
    {
        var baseSeed = Environment.TickCount;
        for (var run = 0; run < 40; run++)
        {
            var seed = baseSeed + run;
            try
            {
                RunOnce(seed);
            }
            catch (Exception e) when (e is XunitException or ArgumentException)
            {
                throw new XunitException($"seed {seed}: {e.Message}");
            }
        }
    }

    private static void RunOnce(int seed)
    {
        var random = new Random(seed);
        using var buffer = new RewindBuffer(new RewindBufferOptions
        {
            MaxDuration = TimeSpan.FromTicks(MaxTicks),
            RecycleGuard = TimeSpan.FromSeconds(random.Next(0, 5)),
            SlabPool = new SlabPool(random.Next(2, 8) * 1024, 2),
            InitialChunkCapacity = 1,
        });
        var model = new List<ChunkHeader>();
        long nextSeq = random.Next(0, 1000), nextStart = Origin.Ticks, lastAppended = -1;
        for (var step = 0; step < 600; step++)
        {
            nextSeq += random.Next(10) == 0 ? random.Next(2, 5) : 1;
            nextStart += random.Next(12) == 0 ? random.NextInt64(0, 2 * MaxTicks) : 0;
            var duration = random.Next(20) == 0 ? 0 : random.NextInt64(1, TimeSpan.FromSeconds(3).Ticks);
            var length = random.Next(10) == 0 ? random.Next(4096, 12_000) : random.Next(0, 2000);
            var header = new ChunkHeader(nextSeq, nextStart, duration, ChunkMarkers.None, step, length, AudioFormat.Mp3);
            buffer.Append(header, Payload(nextSeq, length));
            lastAppended = nextSeq;
            nextStart += duration;
            model.Add(header);
            model.RemoveAll(h => header.EndTicks - h.StartTicks > MaxTicks);

            for (var probe = 0; probe < 3; probe++)
            {
                CheckSeq(buffer, model, lastAppended, random.NextInt64(model.Count > 0 ? model[0].Seq - 3 : 0, nextSeq + 3));
                CheckTime(buffer, model, random.NextInt64(Origin.Ticks, nextStart + TimeSpan.TicksPerSecond));
            }

            CheckSnapshot(buffer, model);
        }
    }

    private static void CheckSeq(RewindBuffer buffer, List<ChunkHeader> model, long lastAppended, long seq)
    {
        var status = buffer.TryRead(seq, out var header, out var payload);
        var expected = model.FindIndex(h => h.Seq >= seq);
        if (model.Count > 0 && seq < model[0].Seq || model.Count == 0 && seq <= lastAppended)
        {
            Assert.Equal(ChunkReadStatus.Evicted, status);
        }
        else if (expected < 0)
        {
            Assert.Equal(ChunkReadStatus.NotYetAvailable, status);
        }
        else
        {
            Assert.Equal(ChunkReadStatus.Available, status);
            Assert.Equal(model[expected], header);
            Assert.True(Matches(payload.Span, header.Seq), $"payload of {header.Seq}");
        }
    }

    private static void CheckTime(RewindBuffer buffer, List<ChunkHeader> model, long ticks)
    {
        var lookup = buffer.FindByTime(new DateTime(ticks, DateTimeKind.Utc));
        if (model.Count == 0)
        {
            Assert.Equal(TimeLookupOutcome.Empty, lookup.Outcome);
            return;
        }

        var last = model.FindLastIndex(h => h.StartTicks <= ticks);
        var expected = last < 0 ? new TimeLookup(TimeLookupOutcome.BeforeOldest, model[0].Seq, model[0].StartTicks)
            : ticks < model[last].EndTicks ? new TimeLookup(TimeLookupOutcome.Contained, model[last].Seq, model[last].StartTicks)
            : last == model.Count - 1 ? new TimeLookup(TimeLookupOutcome.AfterNewest, model[last].Seq + 1, model[last].EndTicks)
            : new TimeLookup(TimeLookupOutcome.InGap, model[last + 1].Seq, model[last + 1].StartTicks);
        Assert.Equal(expected, lookup);
    }

    private static void CheckSnapshot(RewindBuffer buffer, List<ChunkHeader> model)
    {
        var extent = buffer.Snapshot();
        Assert.Equal(model.Count, extent.Count);
        Assert.Equal(model.Sum(h => (long)h.PayloadLength), extent.PayloadBytes);
        if (model.Count > 0)
        {
            Assert.Equal(model[0].Seq, extent.FirstSeq);
            Assert.Equal(model[^1].Seq, extent.LastSeq);
            Assert.Equal(model[0].StartTicks, extent.OldestStartTicks);
            Assert.Equal(model[^1].EndTicks, extent.NewestEndTicks);
        }
    }
}
