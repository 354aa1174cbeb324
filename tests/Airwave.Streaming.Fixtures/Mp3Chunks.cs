using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Airwave.TestFixtures;

namespace Airwave.Streaming.Fixtures;

/// <summary>Real MP3 frames (the 128 kbit/s 44.1 kHz fixture) put into a channel's buffer as timed chunks of whole frames.</summary>
public static class Mp3Chunks
{
    public const int FramesPerChunk = 19;

    public const int SampleRate = 44_100;

    public const int SamplesPerFrame = 1152;

    private static readonly Lazy<IReadOnlyList<byte[]>> Frames = new(LoadFrames);

    public static long FrameTicks => SampleDuration.ToTicks(SamplesPerFrame, SampleRate);

    /// <summary>Appends <paramref name="count"/> chunks starting at <paramref name="firstSeq"/> and <paramref name="startUtc"/>, back to back; returns their bytes.</summary>
    public static byte[] Append(LiveChannel channel, long firstSeq, int count, DateTime startUtc, int firstFrame = 0) =>
        Append(channel, firstSeq, Enumerable.Repeat(FramesPerChunk, count).ToList(), startUtc, firstFrame);

    /// <summary>Appends one chunk per entry of <paramref name="framesPerChunk"/>, each that many frames, back to back; returns their bytes.</summary>
    public static byte[] Append(LiveChannel channel, long firstSeq, IReadOnlyList<int> framesPerChunk, DateTime startUtc, int firstFrame = 0)
    {
        var all = new List<byte>();
        long samples = 0;
        var frame = firstFrame;
        for (var i = 0; i < framesPerChunk.Count; i++)
        {
            var payload = FrameBytes(frame, framesPerChunk[i]);
            frame += framesPerChunk[i];
            var start = startUtc.Ticks + SampleDuration.ToTicks(samples, SampleRate);
            samples += framesPerChunk[i] * SamplesPerFrame;
            var end = startUtc.Ticks + SampleDuration.ToTicks(samples, SampleRate);
            channel.Buffer.Append(new ChunkHeader(firstSeq + i, start, end - start, i == 0 ? ChunkMarkers.Discontinuity : ChunkMarkers.None, 0, payload.Length, AudioFormat.Mp3), payload);
            all.AddRange(payload);
        }

        return [.. all];
    }

    /// <summary>The segment that covers chunks <paramref name="firstSeq"/>..<paramref name="lastSeq"/> of the channel's buffer.</summary>
    public static HlsSegment Segment(LiveChannel channel, long mediaSequence, long firstSeq, long lastSeq)
    {
        long start = -1, duration = 0, bytes = 0;
        var discontinuity = false;
        for (var seq = firstSeq; seq <= lastSeq; seq++)
        {
            channel.Buffer.TryRead(seq, out var header, out _);
            start = start < 0 ? header.StartTicks : start;
            discontinuity |= seq == firstSeq && (header.Markers & ChunkMarkers.Discontinuity) != 0;
            duration += header.DurationTicks;
            bytes += header.PayloadLength;
        }

        return new HlsSegment(channel.Id, mediaSequence, 0, firstSeq, lastSeq, start, duration, bytes, discontinuity, AudioFormat.Mp3);
    }

    /// <summary>Marks the channel as carrying MP3 at 128 kbit/s, as its actor would once a source sent audio.</summary>
    public static void SetMp3Stream(LiveChannel channel) =>
        typeof(LiveChannel).GetProperty(nameof(LiveChannel.Stream))!.SetValue(
            channel, new StreamInfo(AudioFormat.Mp3, "test", "", "", "", 128, SampleRate, 2, false));

    /// <summary>Frame-accurate bytes of <paramref name="frames"/> frames starting at frame <paramref name="first"/>.</summary>
    public static byte[] FrameBytes(int first, int frames) => Enumerable.Range(first, frames).SelectMany(i => Frames.Value[i % Frames.Value.Count]).ToArray();

    /// <summary>The audio frames of a shared fixture, as the framer cuts them: no info tag frame, all at the first frame's sample rate.</summary>
    public static List<byte[]> FramesOf(string fixture)
    {
        int? sampleRate = null;
        var bytes = File.ReadAllBytes(SharedFixtures.Path(fixture));
        var framer = new AudioFramer();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<byte[]>();
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            if (frame.InfoTag == Media.Mp3.Mp3InfoTagKind.None && frame.SampleRate == (sampleRate ??= frame.SampleRate))
            {
                frames.Add(frame.Data.ToArray());
            }
        }

        return frames;
    }

    private static List<byte[]> LoadFrames() => FramesOf("tone-128k-44100-stereo.mp3");

    /// <summary>A detached channel (a random name unless given) whose stream is this MP3.</summary>
    public static LiveChannel NewChannel(string? name = null)
    {
        var channel = TestChannels.Detached(TestChannels.Settings(name ?? "ch" + Guid.NewGuid().ToString("N")[..8]));
        SetMp3Stream(channel);
        return channel;
    }

    /// <summary>The payloads of the chunks held from <paramref name="first"/> through <paramref name="last"/>, over gaps in their numbers.</summary>
    public static byte[] ReadAll(RewindBuffer buffer, long first, long last)
    {
        var bytes = new List<byte>();
        var seq = first;
        while (buffer.TryRead(seq, out var header, out var payload) == ChunkReadStatus.Available && header.Seq <= last)
        {
            bytes.AddRange(payload.ToArray());
            seq = header.Seq + 1;
        }

        return [.. bytes];
    }

    /// <summary>Writes chunks <paramref name="first"/>..<paramref name="last"/> of the channel as its rewind dump at <paramref name="path"/>, as a node did before it crashed.</summary>
    public static async Task WriteDumpAsync(LiveChannel channel, long first, long last, string path)
    {
        using var older = new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(1) });
        for (var seq = first; seq <= last; seq++)
        {
            channel.Buffer.TryRead(seq, out var header, out var payload);
            older.Append(header, payload.Span);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await RewindDumpWriter.WriteAsync(older, file);
    }
}
