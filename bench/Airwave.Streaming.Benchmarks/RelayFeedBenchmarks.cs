using System.Buffers;
using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Relay;
using Airwave.Streaming.Rewind;
using BenchmarkDotNet.Attributes;

namespace Airwave.Streaming.Benchmarks;

/// <summary>The per-chunk work of the internal feed: the owner framing a chunk, and a relay cutting frames off its input and appending them to its replica; must allocate nothing.</summary>
[MemoryDiagnoser]
public class RelayFeedBenchmarks
{
    private const int Batch = 1000;
    private static readonly long ChunkTicks = TimeSpan.FromMilliseconds(500).Ticks;
    private byte[] payload = [];
    private byte[] frames = [];
    private byte[] output = [];
    private RewindBuffer replica = null!;
    private long seq;
    private long start;

    /// <summary>Payload bytes per chunk: 8000 is 0.5 s of 128 kbps MP3.</summary>
    [Params(8000)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        payload = new byte[ChunkBytes];
        output = new byte[FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize + ChunkBytes];
        replica = new RewindBuffer(new RewindBufferOptions
        {
            MaxDuration = TimeSpan.FromMinutes(10),
            RecycleGuard = TimeSpan.FromSeconds(30),
            SlabPool = new SlabPool(SlabPool.DefaultSlabSize, 8),
        });
        start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).Ticks;
        frames = new byte[Batch * output.Length];
        for (var i = 0; i < 2 * 1200; i++)
        {
            AppendToReplica(new ChunkHeader(seq++, start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes, AudioFormat.Mp3), payload);
            start += ChunkTicks;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => replica.Dispose();

    /// <summary>Owner side: a chunk's frame header and payload written into the response's buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void FrameChunk()
    {
        var header = new ChunkHeader(1, start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes, AudioFormat.Mp3);
        for (var i = 0; i < Batch; i++)
        {
            FeedFrames.WriteChunkHeader(output, header, ChunkMarkers.None);
            payload.CopyTo(output.AsSpan(FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize));
        }
    }

    /// <summary>Both sides of a chunk after the payload copy: its frame header stamped, the frame cut off the input, its header read and the chunk appended to the replica.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void StampCutReadAndAppend()
    {
        for (var i = 0; i < Batch; i++)
        {
            var header = new ChunkHeader(seq++, start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes, AudioFormat.Mp3);
            start += ChunkTicks;
            FeedFrames.WriteChunkHeader(frames.AsSpan(i * output.Length), header, ChunkMarkers.None);
        }

        var input = new ReadOnlySequence<byte>(frames);
        while (FeedFrameReader.TryRead(ref input, out _, out var body))
        {
            var span = body.FirstSpan;
            FeedFrames.TryReadChunkHeader(span, span.Length, out var chunk);
            AppendToReplica(chunk, span[FeedFrames.ChunkHeaderSize..]);
        }
    }

    private void AppendToReplica(ChunkHeader header, ReadOnlySpan<byte> payload) => replica.Append(header, payload);
}
