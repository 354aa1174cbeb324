using System.Buffers;
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
    private byte[] _payload = [];
    private byte[] _frames = [];
    private byte[] _output = [];
    private RewindBuffer _replica = null!;
    private long _seq;
    private long _start;

    /// <summary>Payload bytes per chunk: 8000 is 0.5 s of 128 kbps MP3.</summary>
    [Params(8000)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[ChunkBytes];
        _output = new byte[FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize + ChunkBytes];
        _replica = new RewindBuffer(new RewindBufferOptions
        {
            MaxDuration = TimeSpan.FromMinutes(10),
            RecycleGuard = TimeSpan.FromSeconds(30),
            SlabPool = new SlabPool(SlabPool.DefaultSlabSize, 8),
        });
        _start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).Ticks;
        _frames = new byte[Batch * _output.Length];
        for (var i = 0; i < 2 * 1200; i++)
        {
            AppendToReplica(new ChunkHeader(_seq++, _start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes), _payload);
            _start += ChunkTicks;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _replica.Dispose();

    /// <summary>Owner side: a chunk's frame header and payload written into the response's buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void FrameChunk()
    {
        var header = new ChunkHeader(1, _start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes);
        for (var i = 0; i < Batch; i++)
        {
            FeedFrames.WriteChunkHeader(_output, header, ChunkMarkers.None);
            _payload.CopyTo(_output.AsSpan(FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize));
        }
    }

    /// <summary>Both sides of a chunk after the payload copy: its frame header stamped, the frame cut off the input, its header read and the chunk appended to the replica.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void StampCutReadAndAppend()
    {
        for (var i = 0; i < Batch; i++)
        {
            var header = new ChunkHeader(_seq++, _start, ChunkTicks, ChunkMarkers.None, 0, ChunkBytes);
            _start += ChunkTicks;
            FeedFrames.WriteChunkHeader(_frames.AsSpan(i * _output.Length), header, ChunkMarkers.None);
        }

        var input = new ReadOnlySequence<byte>(_frames);
        while (FeedFrameReader.TryRead(ref input, out _, out var body))
        {
            var span = body.FirstSpan;
            FeedFrames.TryReadChunkHeader(span, span.Length, out var chunk);
            AppendToReplica(chunk, span[FeedFrames.ChunkHeaderSize..]);
        }
    }

    private void AppendToReplica(ChunkHeader header, ReadOnlySpan<byte> payload) => _replica.Append(header, payload);
}
