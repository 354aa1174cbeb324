using Airwave.Media.Tests.Support;
using Airwave.Media.Ts;

namespace Airwave.Media.Tests;

public class TsChunkerTests
{
    private const string Video = "video-320x180-h264-aac.ts";

    [Fact]
    public void Fixture_is_cut_at_random_access_points_with_pts_durations_that_add_up()
    {
        var data = Fixtures.Read(Video);
        using var chunker = new TsChunker(TimeSpan.FromMilliseconds(500));
        chunker.Write(data);
        chunker.Complete();
        var chunks = TakeAll(chunker);

        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.Equal(0, c.Length % TsPacket.Length));
        Assert.All(chunks, c => Assert.True(c.RandomAccess));
        Assert.All(chunks, c => Assert.Equal(TsPacket.PatPid, TsPacket.Pid(c.Buffer.AsSpan(0, TsPacket.Length))));
        var seconds = chunks.Sum(c => c.Duration) / (double)PesTimestamp.ClockRate;
        Assert.InRange(seconds, 28, 30.1);
        Assert.Equal(0, chunker.SkippedBytes);
        Assert.True(chunker.Program.TimingKind == TsStreamKind.H264);
        Release(chunks);
    }

    [Fact]
    public void Garbage_between_packets_is_skipped_and_sync_found_again()
    {
        var data = Fixtures.Read(Video)[..(TsPacket.Length * 2000)];
        var dirty = new List<byte>();
        dirty.AddRange(new byte[] { 1, 2, 3, 0x47, 9 });
        dirty.AddRange(data[..(TsPacket.Length * 1000)]);
        dirty.AddRange(new byte[77]);
        dirty.AddRange(data[(TsPacket.Length * 1000)..]);
        using var chunker = new TsChunker(TimeSpan.FromMilliseconds(500));
        chunker.Write(dirty.ToArray());
        chunker.Complete();

        Assert.True(chunker.SyncLosses >= 1);
        Assert.Equal(2000, chunker.Packets);
        Release(TakeAll(chunker));
    }

    [Fact]
    public void Damaged_packets_are_dropped_and_counted()
    {
        var data = Fixtures.Read(Video)[..(TsPacket.Length * 500)];
        data[TsPacket.Length * 100 + 1] |= 0x80;
        using var chunker = new TsChunker(TimeSpan.FromMilliseconds(500));
        chunker.Write(data);
        chunker.Complete();

        Assert.Equal(1, chunker.ErrorPackets);
        Release(TakeAll(chunker));
    }

    [Fact]
    public void Marked_discontinuity_flags_the_next_chunk()
    {
        var data = Fixtures.Read(Video);
        using var chunker = new TsChunker(TimeSpan.FromMilliseconds(500));
        chunker.Write(data.AsSpan(0, data.Length / 2));
        chunker.MarkDiscontinuity();
        chunker.Write(data);
        chunker.Complete();
        var chunks = TakeAll(chunker);

        Assert.Contains(chunks, c => c.Discontinuity);
        Release(chunks);
    }

    [Fact]
    public void Pts_arithmetic_crosses_the_33_bit_wrap()
    {
        Assert.Equal(90_000, PesTimestamp.Delta((1L << 33) - 45_000, 45_000));
        Assert.Equal(-90_000, PesTimestamp.Delta(45_000, (1L << 33) - 45_000));
    }

    [Fact]
    public void Random_splits_and_mutations_never_throw_and_emit_whole_packets()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var original = Fixtures.Read(Video)[..(TsPacket.Length * 3000)];
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var data = (byte[])original.Clone();
            for (var flips = random.Next(0, 200); flips > 0; flips--)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            try
            {
                using var chunker = new TsChunker(TimeSpan.FromMilliseconds(random.Next(100, 3000)));
                for (var position = 0; position < data.Length;)
                {
                    var take = Math.Min(random.Next(1, 5000), data.Length - position);
                    chunker.Write(data.AsSpan(position, take));
                    position += take;
                    if (random.Next(50) == 0)
                    {
                        chunker.MarkDiscontinuity();
                    }
                }

                chunker.Complete();
                var chunks = TakeAll(chunker);
                Assert.All(chunks, c => Assert.Equal(0, c.Length % TsPacket.Length));
                Assert.All(chunks, c => Assert.True(c.Duration >= 0));
                Release(chunks);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, iteration {iteration}: {e.Message}", e);
            }
        }
    }

    private static List<TsChunk> TakeAll(TsChunker chunker)
    {
        var chunks = new List<TsChunk>();
        while (chunker.TryTake(out var chunk))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private static void Release(List<TsChunk> chunks) => chunks.ForEach(c => c.Release());
}
