using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Streaming.Tests.Rewind;

[CollectionDefinition(nameof(MemoryBoundTests), DisableParallelization = true)]
public sealed class RunsAloneDefinition;

[Collection(nameof(MemoryBoundTests))]
public sealed class MemoryBoundTests(ITestOutputHelper output)
{
    [Fact]
    public void Eight_hours_of_64_kbps_mp3_take_at_most_5_percent_more_than_the_audio_bytes()
    {
        const int framesPerChunk = 19; // about 0.5 s: the small end of the chunk range, so the most headers
        const int samplesPerFrame = 1152;
        const int sampleRate = 44_100;
        const int bytesPerSecond = 64_000 / 8;
        var hours = TimeSpan.FromHours(8);
        var payload = new byte[8192];
        Random.Shared.NextBytes(payload);

        ForceFullCollection();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var buffer = new RewindBuffer(new RewindBufferOptions { MaxDuration = hours, SlabPool = new SlabPool(SlabPool.DefaultSlabSize, 0) });
        var timeline = new ChunkTimeline(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc));
        long audioBytes = 0, seq = 0, sentBytesTarget = 0;
        while (true)
        {
            var (start, duration) = timeline.Advance(framesPerChunk * samplesPerFrame, sampleRate);
            var end = start + duration - new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).Ticks;
            if (end > hours.Ticks)
            {
                break;
            }

            var target = end * bytesPerSecond / TimeSpan.TicksPerSecond;
            var length = (int)(target - sentBytesTarget);
            sentBytesTarget = target;
            buffer.Append(new ChunkHeader(seq++, start, duration, ChunkMarkers.RandomAccess, 0, length, AudioFormat.Mp3), payload.AsSpan(0, length));
            audioBytes += length;
        }

        ForceFullCollection();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var used = after - before;
        var ratio = (double)used / audioBytes;
        output.WriteLine($"chunks {seq}, audio {audioBytes:N0} B, managed heap growth {used:N0} B, ratio {ratio:F4}, slabs reserved {buffer.ReservedBytes:N0} B, ring slots {buffer.ChunkCapacity}");

        Assert.Equal(audioBytes, buffer.Snapshot().PayloadBytes);
        Assert.True(used <= (audioBytes * 1.05) + (1024 * 1024), $"used {used:N0} B for {audioBytes:N0} B of audio (ratio {ratio:F4})");
        GC.KeepAlive(buffer);
    }

    private static void ForceFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
