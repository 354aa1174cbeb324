using Airwave.Media.Mp3;
using Airwave.Streaming.Alerts;
using BenchmarkDotNet.Attributes;
using NLayer;

namespace Airwave.Streaming.Benchmarks;

/// <summary>
/// What the <c>silence</c> alert's measurement of one chunk costs: the node's meter, which keeps one decoder, against a new
/// NLayer file reader of the chunk (how the node measured before). The chunk is 0.5 s of the node's demo channel
/// (<c>src/Airwave.Node/Assets/demo.mp3</c>, 128 kbit/s, 44.1 kHz stereo), from its second second, where it chimes.
/// </summary>
[MemoryDiagnoser]
public class AudioLevelBenchmarks
{
    private readonly AudioLevel meter = new();
    private byte[] chunk = [];

    [GlobalSetup]
    public void Setup()
    {
        var demo = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "src", "Airwave.Node", "Assets", "demo.mp3"));

        // From a frame's start, as the rewind buffer holds chunks: a header whose next frame starts with a header too.
        var start = 16_000;
        while (Mp3FrameHeader.Parse(demo.AsSpan(start), out var header) != Mp3HeaderError.None
            || Mp3FrameHeader.Parse(demo.AsSpan(start + header.FrameLength), out _) != Mp3HeaderError.None)
        {
            start++;
        }

        chunk = demo.AsSpan(start, 8_000).ToArray();
    }

    [Benchmark(Baseline = true)]
    public double NewFileReaderPerChunk()
    {
        using var file = new MpegFile(new MemoryStream(chunk.ToArray(), writable: false));
        var samples = new float[6 * 1152 * 2];
        var read = file.ReadSamples(samples, 0, samples.Length);
        if (read == 0)
        {
            throw new InvalidOperationException("the file reader decoded nothing of the chunk");
        }

        var sum = 0.0;
        for (var i = read / 6; i < read; i++)
        {
            sum += samples[i] * (double)samples[i];
        }

        return sum;
    }

    [Benchmark]
    public double? OneMeter() => meter.RmsDbfs(chunk);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Cluster.sln above {AppContext.BaseDirectory}: run the benchmark from the repository");
    }
}
