using System.Collections.Concurrent;
using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Airwave.Streaming.Fixtures;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class PipeReaderSourceTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_source_that_keeps_up_is_read_once_per_tick_and_loses_no_byte()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        var pipe = new Pipe();
        var reads = new ConcurrentQueue<ByteString>();
        var done = PipeReaderSource.Create(pipe.Reader, CancellationToken.None, pacer).RunForeach(reads.Enqueue, Sys.Materializer());

        await pipe.Writer.WriteAsync(new byte[] { 0, 0 });
        await AwaitAssertAsync(() => Assert.Single(reads), HangGuard); // the first read does not wait
        for (var i = 1; i < 10; i++)
        {
            await pipe.Writer.WriteAsync(new[] { (byte)i, (byte)i });
        }

        // Nothing is read before the tick, so the second read holds every slice written meanwhile.
        clock.Advance(Interval);
        await AwaitAssertAsync(() => Assert.Equal(2, reads.Count), HangGuard);
        Assert.Equal(Enumerable.Range(1, 9).SelectMany(i => new[] { (byte)i, (byte)i }), reads.ElementAt(1).ToArray());

        await pipe.Writer.CompleteAsync();
        clock.Advance(Interval);
        await done.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task A_source_that_is_behind_reads_on_at_once_without_waiting_for_a_tick()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        var pipe = new Pipe();
        var read = PipeReaderSource.Create(pipe.Reader, CancellationToken.None, pacer)
            .RunWith(Sink.Seq<ByteString>(), Sys.Materializer());

        // Each write is a read of at least 8 KiB, which means the source is behind: no read waits, and the clock never moves.
        for (var i = 0; i < 3; i++)
        {
            await pipe.Writer.WriteAsync(new byte[20 * 1024]);
            await Task.Delay(50);
        }

        await pipe.Writer.CompleteAsync();
        var elements = await read.WaitAsync(HangGuard);

        Assert.Equal(3 * 20 * 1024, elements.Sum(e => e.Count));
    }
}
