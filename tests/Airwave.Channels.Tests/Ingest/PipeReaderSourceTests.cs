using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class PipeReaderSourceTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_source_that_keeps_up_is_read_once_per_interval_and_loses_no_byte()
    {
        var pipe = new Pipe();
        var read = PipeReaderSource.Create(pipe.Reader, CancellationToken.None, TimeSpan.FromMilliseconds(200))
            .RunWith(Sink.Seq<Akka.IO.ByteString>(), Sys.Materializer());

        const int Slices = 60;
        for (var i = 0; i < Slices; i++)
        {
            await pipe.Writer.WriteAsync(new[] { (byte)i, (byte)i });
            await Task.Delay(10);
        }

        await pipe.Writer.CompleteAsync();
        var elements = await read.WaitAsync(HangGuard);

        Assert.Equal(Enumerable.Range(0, Slices).SelectMany(i => new[] { (byte)i, (byte)i }), elements.SelectMany(e => e.ToArray()));
        Assert.True(elements.Count <= Slices / 4, $"{elements.Count} reads for {Slices} slices");
    }

    [Fact]
    public async Task A_source_that_is_behind_reads_on_at_once_whatever_the_interval()
    {
        var pipe = new Pipe();
        var read = PipeReaderSource.Create(pipe.Reader, CancellationToken.None, TimeSpan.FromHours(1))
            .RunWith(Sink.Seq<Akka.IO.ByteString>(), Sys.Materializer());

        // Each write is a read of at least 8 KiB, which means the source is behind: no read waits an hour.
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
