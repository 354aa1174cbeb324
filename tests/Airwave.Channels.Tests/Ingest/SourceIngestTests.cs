using System.IO.Pipelines;
using System.Text;
using Airwave.Channels.Ingest;
using Airwave.Channels.Sources;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Sources;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.Streams;
using Akka.TestKit;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class SourceIngestTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe channelActor;
    private readonly LiveChannel channel = TestChannels.Detached();
    private readonly SourceDescriptor source = new(Guid.NewGuid(), "127.0.0.1:5000", AudioFormat.Mp3, "test");
    private readonly List<bool> verdicts = [];

    // Paced reads as on a node, whose 250 ms tick is a fortieth of the default source timeout; the tests' timeouts are
    // down to a second, so the tick is shortened as much, or a late tick under load would look like a stalled source.
    private readonly ReadPacer reads = new(TimeSpan.FromMilliseconds(25), TimeProvider.System);

    public SourceIngestTests() => channelActor = CreateTestProbe();

    [Fact]
    public async Task A_source_that_closes_its_stream_ends_with_all_its_audio_at_the_channel()
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        var appended = AcknowledgeChunks();
        var body = new Pipe();
        var run = Ingest(TimeSpan.FromSeconds(10)).RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(bytes);
        await body.Writer.CompleteAsync();

        Assert.Equal(SourceOutcome.Ended, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([true], verdicts);
        Assert.InRange(bytes.Length - Volatile.Read(ref appended.Bytes), 0, 2000);
    }

    [Fact]
    public async Task A_leading_id3_title_reaches_the_channel_before_the_first_chunk()
    {
        var bytes = Id3Title("Morning Show").Concat(await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"))).ToArray();
        var body = new Pipe();
        var run = Ingest(TimeSpan.FromSeconds(10)).RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(bytes);
        await body.Writer.CompleteAsync();

        Assert.Equal("Morning Show", channelActor.ExpectMsg<UpdateMetadata>().Title);
        channelActor.ExpectMsg<IngestChunk>().Chunk.Release();
        var sink = channelActor.LastSender;
        AcknowledgeChunks();
        sink.Tell(ChunkIngested.Instance);
        Assert.Equal(SourceOutcome.Ended, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_source_that_sends_nothing_for_the_timeout_times_out()
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        AcknowledgeChunks();
        var body = new Pipe();
        var run = Ingest(TimeSpan.FromMilliseconds(500)).RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(bytes.AsMemory(0, 100_000));

        Assert.Equal(SourceOutcome.TimedOut, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([true], verdicts);
    }

    [Fact]
    public async Task A_stream_that_is_not_audio_is_answered_no_and_ends_as_not_audio()
    {
        var body = new Pipe();
        var run = Ingest(TimeSpan.FromSeconds(10)).RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<html>a web page</html>\n", 8000))));

        Assert.Equal(SourceOutcome.NotAudio, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([false], verdicts);
        channelActor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_source_that_sends_audio_then_only_garbage_times_out_though_bytes_keep_coming()
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        AcknowledgeChunks();
        var body = new Pipe();
        var timeout = TimeSpan.FromSeconds(3);
        var ingest = Ingest(timeout);
        var run = ingest.RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(bytes.AsMemory(0, 100_000));
        await AwaitConditionAsync(() => Task.FromResult(verdicts.Count > 0), TimeSpan.FromSeconds(10));

        // Garbage every 100 ms: the byte idle timeout never fires, only the frame watchdog can end the run. The timeout is
        // 30 such writes long, so a test host too busy to write for a second (CI runs test classes side by side) still
        // sends bytes well within it.
        var garbage = new byte[2000];
        var random = new Random(20261203);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && started.Elapsed < timeout * 5)
        {
            random.NextBytes(garbage);
            await body.Writer.WriteAsync(garbage);
            await Task.Delay(100);
        }

        Assert.Equal(SourceOutcome.TimedOut, await run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(ingest.NoAudio, "the run did not say it ended for want of audio");
        Assert.True(started.Elapsed >= timeout * 0.9, $"the run ended {started.Elapsed} after the audio, before the timeout of {timeout}");
        Assert.Equal([true], verdicts);
        // The frame cut at 100,000 bytes is completed by the first garbage bytes; nothing after it is taken as audio.
        Assert.InRange(ingest.FramedBytes, 1, 100_000 + 1500);
        Assert.True(ingest.SkippedBytes > 0, "the garbage was not skipped");
    }

    [Fact]
    public async Task A_read_error_ends_the_stream_and_is_reported()
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        AcknowledgeChunks();
        var body = new Pipe();
        var ingest = Ingest(TimeSpan.FromSeconds(10));
        var run = ingest.RunAsync(body.Reader, reads, null, Verdict, CancellationToken.None);
        await body.Writer.WriteAsync(bytes.AsMemory(0, 100_000));
        await body.Writer.CompleteAsync(new MalformedChunkedBodyException("malformed chunk size \"zz\""));

        Assert.Equal(SourceOutcome.Ended, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.IsType<MalformedChunkedBodyException>(ingest.ReadError);
        Assert.False(ingest.NoAudio);
    }

    [Fact]
    public async Task Cancelling_stops_the_graph_and_ends_as_cancelled()
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        AcknowledgeChunks();
        var body = new Pipe();
        using var stop = new CancellationTokenSource();
        var run = Ingest(TimeSpan.FromSeconds(30)).RunAsync(body.Reader, reads, null, Verdict, stop.Token);
        await body.Writer.WriteAsync(bytes.AsMemory(0, 100_000));
        await AwaitConditionAsync(() => Task.FromResult(verdicts.Count > 0), TimeSpan.FromSeconds(10));

        await stop.CancelAsync();

        Assert.Equal(SourceOutcome.Cancelled, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private static byte[] Id3Title(string title)
    {
        var text = Encoding.Latin1.GetBytes(title);
        var frame = new List<byte>("TIT2"u8.ToArray());
        frame.AddRange([0, 0, 0, (byte)(text.Length + 1), 0, 0, 0]);
        frame.AddRange(text);
        byte[] header = [(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, (byte)frame.Count];
        return [.. header, .. frame];
    }

    private SourceIngest Ingest(TimeSpan timeout) => new(channel, channelActor.Ref, source, timeout, Sys.Materializer());

    private ValueTask Verdict(bool isAudio)
    {
        lock (verdicts)
        {
            verdicts.Add(isAudio);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Plays the channel actor: appends nothing, counts the bytes, gives the buffers back and answers.</summary>
    private AppendedBytes AcknowledgeChunks()
    {
        var appended = new AppendedBytes();
        channelActor.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is IngestChunk ingest)
            {
                Interlocked.Add(ref appended.Bytes, ingest.Chunk.Length);
                ingest.Chunk.Release();
                sender.Tell(ChunkIngested.Instance);
            }

            return AutoPilot.KeepRunning;
        }));
        return appended;
    }

    private sealed class AppendedBytes
    {
        public long Bytes;
    }
}
