using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Media.Mp3;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class ChunkAssemblerTests
{
    [Fact]
    public void A_chunk_closes_once_its_samples_reach_the_target_duration()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromMilliseconds(500));
        var chunks = new List<AssembledChunk>();

        // 1152 samples at 48 kHz = 24 ms; 500 ms needs 21 frames (20 frames = 480 ms).
        for (var i = 0; i < 42; i++)
        {
            if (assembler.Add(Frame(1152, 48_000, (byte)i)) is { } chunk)
            {
                chunks.Add(chunk);
            }
        }

        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(21 * 1152, c.Samples));
        Assert.All(chunks, c => Assert.Equal(21 * 100, c.Length));
        Assert.Equal(Enumerable.Range(0, 21).SelectMany(i => Enumerable.Repeat((byte)i, 100)), chunks[0].Payload.ToArray());
        Assert.Equal(0, assembler.PendingBytes);
        chunks.ForEach(c => c.Release());
    }

    [Fact]
    public void The_target_is_measured_in_time_whatever_the_sample_rate()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(1));
        AssembledChunk? chunk = null;
        var frames = 0;
        while (chunk is null)
        {
            chunk = assembler.Add(Frame(576, 22_050));
            frames++;
        }

        // 22050 / 576 = 38.3 frames per second: the 39th frame reaches one second.
        Assert.Equal(39, frames);
        Assert.Equal(22_050, chunk.SampleRate);
        chunk.Release();
    }

    [Fact]
    public void Info_frames_are_dropped()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(10));

        Assert.Null(assembler.Add(Frame(1152, 44_100, info: Mp3InfoTagKind.Xing)));
        Assert.Equal(0, assembler.PendingBytes);
        Assert.Null(assembler.Flush());
    }

    [Fact]
    public void A_sample_rate_change_closes_the_chunk_before_the_new_frame()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(10));
        assembler.Add(Frame(1152, 44_100, 1));
        assembler.Add(Frame(1152, 44_100, 2));

        var closed = assembler.Add(Frame(1152, 48_000, 3));

        Assert.NotNull(closed);
        Assert.Equal(2 * 1152, closed.Samples);
        Assert.Equal(44_100, closed.SampleRate);
        Assert.DoesNotContain((byte)3, closed.Payload.ToArray());
        var rest = assembler.Flush();
        Assert.NotNull(rest);
        Assert.Equal(48_000, rest.SampleRate);
        Assert.Equal(1152, rest.Samples);
        closed.Release();
        rest.Release();
    }

    [Fact]
    public void A_format_change_closes_the_chunk()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(10));
        assembler.Add(Frame(1152, 48_000));

        var closed = assembler.Add(Frame(1024, 48_000, format: AudioFormat.Aac));

        Assert.NotNull(closed);
        Assert.Equal(AudioFormat.Mp3, closed.Format);
        closed.Release();
    }

    [Fact]
    public void Flush_hands_out_the_remainder_once()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(10));
        assembler.Add(Frame(1152, 44_100));
        assembler.Add(Frame(1152, 44_100));

        var rest = assembler.Flush();

        Assert.NotNull(rest);
        Assert.Equal(2304, rest.Samples);
        Assert.Equal(200, rest.Length);
        Assert.Null(assembler.Flush());
        rest.Release();
    }

    [Fact]
    public void A_chunk_larger_than_the_initial_buffer_keeps_every_byte()
    {
        using var assembler = new ChunkAssembler(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100; i++)
        {
            assembler.Add(Frame(1152, 44_100, (byte)i, length: 1000));
        }

        var rest = assembler.Flush()!;

        Assert.Equal(100_000, rest.Length);
        Assert.Equal(Enumerable.Range(0, 100).SelectMany(i => Enumerable.Repeat((byte)i, 1000)), rest.Payload.ToArray());
        rest.Release();
    }

    [Fact]
    public void The_128k_fixture_keeps_every_sample_and_chunks_last_about_the_target()
    {
        var target = TimeSpan.FromMilliseconds(500);
        var bytes = File.ReadAllBytes(Fixtures.Path("tone-128k-44100-stereo.mp3"));
        var framer = new AudioFramer();
        using var assembler = new ChunkAssembler(target);
        var buffer = new ReadOnlySequence<byte>(bytes);
        long framedSamples = 0, chunkSamples = 0;
        int frameSamples = 0;
        var durations = new List<TimeSpan>();
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            if (frame.InfoTag == Mp3InfoTagKind.None)
            {
                framedSamples += frame.Samples;
                frameSamples = frame.Samples;
            }

            if (assembler.Add(frame) is { } chunk)
            {
                chunkSamples += chunk.Samples;
                durations.Add(TimeSpan.FromTicks(SampleDuration.ToTicks(chunk.Samples, chunk.SampleRate)));
                chunk.Release();
            }
        }

        var last = assembler.Flush();
        chunkSamples += last?.Samples ?? 0;
        last?.Release();

        Assert.True(framedSamples > 44_100, "the fixture should hold more than a second of audio");
        Assert.Equal(framedSamples, chunkSamples);
        var frameDuration = TimeSpan.FromTicks(SampleDuration.ToTicks(frameSamples, 44_100));
        Assert.All(durations, d => Assert.InRange(d, target, target + frameDuration));
    }

    private static AudioFrame Frame(int samples, int sampleRate, byte fill = 0, Mp3InfoTagKind info = Mp3InfoTagKind.None, AudioFormat format = AudioFormat.Mp3, int length = 100)
    {
        var data = new byte[length];
        Array.Fill(data, fill);
        return new AudioFrame
        {
            Data = new ReadOnlySequence<byte>(data),
            Format = format,
            SampleRate = sampleRate,
            Channels = 2,
            Samples = samples,
            Bitrate = 128_000,
            InfoTag = info,
        };
    }
}
