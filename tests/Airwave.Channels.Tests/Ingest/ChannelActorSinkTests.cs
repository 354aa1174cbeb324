using Airwave.Channels.Ingest;
using Airwave.Media;
using Airwave.Streaming.Ingest;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class ChannelActorSinkTests : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>20 frames of 418 bytes make one 500 ms chunk of the 128 kbit/s 44.1 kHz fixture.</summary>
    private const int ChunkBytes = 20 * 418;

    private readonly Guid sourceId = Guid.NewGuid();
    private readonly ChunkCustody custody = new();

    [Fact]
    public async Task The_channel_gets_the_next_chunk_only_after_answering_the_last()
    {
        var channel = CreateTestProbe();
        var (_, done) = await RunAsync(channel, Source.Empty<ByteString>());

        var first = channel.ExpectMsg<IngestChunk>();
        var sink = channel.LastSender;
        Assert.Equal(sourceId, first.SourceId);
        channel.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        first.Chunk.Release();
        sink.Tell(ChunkIngested.Instance);
        var second = channel.ExpectMsg<IngestChunk>();
        Assert.NotSame(first.Chunk, second.Chunk);
        second.Chunk.Release();

        _ = AcknowledgeAll(channel);
        sink.Tell(ChunkIngested.Instance);
        await done.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, custody.ReleaseAll());
    }

    [Fact]
    public async Task A_channel_that_does_not_answer_stops_the_reading_once_the_buffer_is_full()
    {
        var channel = CreateTestProbe();
        long bytesRead = 0;
        var (stop, done) = await RunAsync(channel, Source.Empty<ByteString>(), piece => Interlocked.Add(ref bytesRead, piece.Count));

        var inFlight = channel.ExpectMsg<IngestChunk>();
        await AwaitConditionAsync(() => Task.FromResult(custody.Held >= IngestFlow.ChannelBufferChunks), TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        // One chunk at the channel, a full buffer, one being assembled and the piece being framed: nothing more is read.
        Assert.InRange(Interlocked.Read(ref bytesRead), IngestFlow.ChannelBufferChunks * ChunkBytes, (IngestFlow.ChannelBufferChunks + 3) * ChunkBytes + 3000);
        Assert.Equal(IngestFlow.ChannelBufferChunks, custody.Held);

        stop.Abort(new InvalidOperationException("stopped by the test"));
        await Assert.ThrowsAnyAsync<Exception>(() => done.WaitAsync(TimeSpan.FromSeconds(10)));
        inFlight.Chunk.Release();
        Assert.Equal(IngestFlow.ChannelBufferChunks, custody.ReleaseAll());
        Assert.Equal(0, custody.Held);
    }

    [Fact]
    public async Task Shutting_the_kill_switch_completes_the_graph_once_the_channel_has_every_chunk_made()
    {
        var channel = CreateTestProbe();
        var appended = AcknowledgeAll(channel);
        var (stop, done) = await RunAsync(channel, Source.Never<ByteString>());
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref appended.Chunks) >= 3), TimeSpan.FromSeconds(10));

        stop.Shutdown();

        await done.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, custody.ReleaseAll());
    }

    [Fact]
    public async Task A_channel_that_stops_ends_the_graph_and_the_chunks_left_in_it_are_released()
    {
        var channel = CreateTestProbe();
        var (_, done) = await RunAsync(channel, Source.Never<ByteString>());
        var inFlight = channel.ExpectMsg<IngestChunk>();
        await AwaitConditionAsync(() => Task.FromResult(custody.Held >= IngestFlow.ChannelBufferChunks), TimeSpan.FromSeconds(10));

        Sys.Stop(channel.Ref);
        await done.WaitAsync(TimeSpan.FromSeconds(10));
        inFlight.Chunk.Release();
        Assert.True(custody.ReleaseAll() >= IngestFlow.ChannelBufferChunks);
        Assert.Equal(0, custody.Held);
    }

    [Fact]
    public void A_chunk_made_after_the_run_ended_is_released_at_once_and_not_sent()
    {
        custody.ReleaseAll();
        var chunk = new Airwave.Streaming.Sources.AssembledChunk(System.Buffers.ArrayPool<byte>.Shared.Rent(16), 16, 1152, 44_100, AudioFormat.Mp3, 2, 128_000);

        Assert.False(custody.Take(chunk));
        Assert.Equal(0, custody.Held);
    }

    private async Task<(UniqueKillSwitch Stop, Task Done)> RunAsync(TestProbe channel, Source<ByteString, Akka.NotUsed> after, Action<ByteString>? onRead = null)
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        return Source.From(IngestFlowTests.Cut(bytes, 11))
            .Concat(after)
            .Select(piece =>
            {
                onRead?.Invoke(piece);
                return piece;
            })
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .Via(IngestFlow.Create(AudioFormat.Mp3, TimeSpan.FromMilliseconds(500), _ => { }, custody))
            .ToMaterialized(Sink.FromGraph(new ChannelActorSink(channel.Ref, sourceId, custody)), Keep.Both)
            .Run(Sys.Materializer());
    }

    private static AppendedChunks AcknowledgeAll(TestProbe channel)
    {
        var appended = new AppendedChunks();
        channel.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is IngestChunk ingest)
            {
                Interlocked.Increment(ref appended.Chunks);
                ingest.Chunk.Release();
                sender.Tell(ChunkIngested.Instance);
            }

            return AutoPilot.KeepRunning;
        }));
        return appended;
    }

    private sealed class AppendedChunks
    {
        public int Chunks;
    }
}
