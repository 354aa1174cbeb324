using Airwave.Streaming.Rewind;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

public sealed class ConcurrentReadTests
{
    [Fact]
    public async Task Readers_racing_the_writer_never_accept_a_torn_or_reused_payload()
    {
        // No recycle guard and tiny slabs: slabs are reused as soon as possible, so readers do hit reused memory
        // and must be told by IsPayloadIntact every time.
        var pool = new SlabPool(8192, 4);
        using var buffer = new RewindBuffer(new RewindBufferOptions
        {
            MaxDuration = TimeSpan.FromSeconds(2),
            RecycleGuard = TimeSpan.Zero,
            SlabPool = pool,
            InitialChunkCapacity = 2,
        });
        var step = TimeSpan.FromMilliseconds(100);
        using var done = new CancellationTokenSource();

        var progress = new Progress(2);
        var readers = Enumerable.Range(0, 2)
            .Select(reader => Task.Factory.StartNew(() => ReadUntilDone(buffer, progress, reader, done.Token), TaskCreationOptions.LongRunning))
            .ToArray();
        var writer = Task.Factory.StartNew(() =>
        {
            var random = new Random(1234);
            var payload = new byte[4096];
            for (var seq = 0; seq < 50_000 || (progress.LeastAccepted < 10_000 && seq < 20_000_000); seq++)
            {
                var length = random.Next(16, 4096);
                Fill(payload.AsSpan(0, length), seq);
                buffer.Append(Header(seq, step * seq, step, length), payload.AsSpan(0, length));
            }
        }, TaskCreationOptions.LongRunning);
        await writer;
        await done.CancelAsync();
        var results = await Task.WhenAll(readers);

        Assert.All(results, r => Assert.Equal(0, r.Mismatches));
        Assert.All(results, r => Assert.True(r.Accepted > 0));
    }

    private static ReadResult ReadUntilDone(RewindBuffer buffer, Progress progress, int reader, CancellationToken done)
    {
        var cursor = buffer.OpenCursor(0);
        var copy = new byte[4096];
        long accepted = 0, mismatches = 0, lastSeq = -1;
        while (!done.IsCancellationRequested)
        {
            switch (cursor.TryReadNext(out var header, out var payload))
            {
                case ChunkReadStatus.Available:
                    payload.Span.CopyTo(copy);
                    if (!cursor.IsIntact(header))
                    {
                        continue;
                    }

                    if (header.Seq <= lastSeq || !Matches(copy.AsSpan(0, header.PayloadLength), header.Seq))
                    {
                        mismatches++;
                    }

                    lastSeq = header.Seq;
                    accepted++;
                    progress.Add(reader);
                    break;
                case ChunkReadStatus.Evicted:
                    cursor.MoveTo(buffer.Snapshot().FirstSeq);
                    break;
                default:
                    Thread.Yield();
                    break;
            }

            var lookup = buffer.FindByTime(Origin + TimeSpan.FromMilliseconds(100 * (lastSeq + 1)));
            if (lookup.Outcome == TimeLookupOutcome.Contained && lookup.Seq != lastSeq + 1)
            {
                mismatches++;
            }
        }

        return new ReadResult(accepted, mismatches);
    }

    private sealed record ReadResult(long Accepted, long Mismatches);

    private sealed class Progress(int readers)
    {
        private readonly long[] accepted = new long[readers];

        public long LeastAccepted
        {
            get
            {
                var least = long.MaxValue;
                for (var i = 0; i < accepted.Length; i++)
                {
                    least = Math.Min(least, Interlocked.Read(ref accepted[i]));
                }

                return least;
            }
        }

        public void Add(int reader) => Interlocked.Increment(ref accepted[reader]);
    }
}
