using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using BenchmarkDotNet.Attributes;

namespace Airwave.Streaming.Benchmarks;

/// <summary>Reads from a 4-hour buffer of 0.5 s chunks (28 800 chunks): by sequence number, by time, and its extent.</summary>
[MemoryDiagnoser]
public class RewindLookupBenchmarks
{
    private const int Probes = 1024;
    private static readonly DateTime Origin = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
    private readonly DateTime[] instants = new DateTime[Probes];
    private readonly long[] seqs = new long[Probes];
    private RewindBuffer buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        buffer = new RewindBuffer(new RewindBufferOptions { SlabPool = new SlabPool(SlabPool.DefaultSlabSize, 0) });
        var payload = new byte[4000];
        var chunk = TimeSpan.FromMilliseconds(500);
        const int count = 4 * 3600 * 2;
        for (var seq = 0; seq < count; seq++)
        {
            buffer.Append(new ChunkHeader(seq, (Origin + (chunk * seq)).Ticks, chunk.Ticks, ChunkMarkers.RandomAccess, 0, payload.Length, AudioFormat.Mp3), payload);
        }

        var random = new Random(42);
        for (var i = 0; i < Probes; i++)
        {
            instants[i] = Origin + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromHours(4).Ticks));
            seqs[i] = random.NextInt64(count);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => buffer.Dispose();

    [Benchmark(OperationsPerInvoke = Probes)]
    public long FindByTime()
    {
        long sum = 0;
        foreach (var instant in instants)
        {
            sum += buffer.FindByTime(instant).Seq;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Probes)]
    public long TryReadBySeq()
    {
        long sum = 0;
        foreach (var seq in seqs)
        {
            buffer.TryRead(seq, out var header, out var payload);
            sum += header.Seq + payload.Length;
        }

        return sum;
    }

    [Benchmark]
    public long Snapshot() => buffer.Snapshot().Count;
}
