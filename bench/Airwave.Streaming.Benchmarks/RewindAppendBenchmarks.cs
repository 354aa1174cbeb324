using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using BenchmarkDotNet.Attributes;

namespace Airwave.Streaming.Benchmarks;

/// <summary>Appending to a full rewind buffer: every append evicts and slabs cycle through the pool; must allocate nothing.</summary>
[MemoryDiagnoser]
public class RewindAppendBenchmarks
{
    private const int Batch = 1000;
    private static readonly long ChunkTicks = TimeSpan.FromMilliseconds(500).Ticks;
    private byte[] payload = [];
    private RewindBuffer buffer = null!;
    private long seq;
    private long start;

    /// <summary>Payload bytes per chunk: 4000 is 0.5 s of 64 kbps MP3; 16000 is 0.5 s of 256 kbps.</summary>
    [Params(4000, 16000)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        buffer = new RewindBuffer(new RewindBufferOptions
        {
            MaxDuration = TimeSpan.FromMinutes(10),
            RecycleGuard = TimeSpan.FromSeconds(30),
            SlabPool = new SlabPool(SlabPool.DefaultSlabSize, 4),
        });
        start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).Ticks;
        payload = new byte[ChunkBytes];

        // Fill twice over so the ring has its final size and slabs are already being recycled.
        for (var i = 0; i < 2 * 1200 + 200; i++)
        {
            AppendOne();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => buffer.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Append()
    {
        for (var i = 0; i < Batch; i++)
        {
            AppendOne();
        }
    }

    private void AppendOne()
    {
        buffer.Append(new ChunkHeader(seq++, start, ChunkTicks, ChunkMarkers.RandomAccess, 0, payload.Length, AudioFormat.Mp3), payload);
        start += ChunkTicks;
    }
}
