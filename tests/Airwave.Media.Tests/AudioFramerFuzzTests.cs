using Airwave.Media.Aac;
using Airwave.Media.Framing;
using Airwave.Media.Mp3;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class AudioFramerFuzzTests
{
    [Fact]
    public void Random_bytes_in_random_chunks_never_throw_and_emit_only_valid_frames()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var data = new byte[random.Next(0, 6000)];
            random.NextBytes(data);
            SprinkleSyncBytes(data, random);

            Check(data, random, $"seed {seed}, iteration {iteration}");
        }
    }

    [Theory]
    [InlineData(Fixtures.Mp3Stereo128k)]
    [InlineData(Fixtures.Mp3Mono32k)]
    [InlineData(Fixtures.Aac64k)]
    public void Mutated_and_truncated_fixtures_never_throw_and_emit_only_valid_frames(string fixture)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var original = Fixtures.Read(fixture)[..40_000];
        for (var iteration = 0; iteration < 40; iteration++)
        {
            var data = (byte[])original.Clone();
            for (var flips = random.Next(1, 50); flips > 0; flips--)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            data = data[random.Next(0, 500)..random.Next(data.Length - 500, data.Length)];

            Check(data, random, $"seed {seed}, iteration {iteration}");
        }
    }

    private static void SprinkleSyncBytes(byte[] data, Random random)
    {
        for (var i = 0; i + 1 < data.Length; i += random.Next(1, 200))
        {
            data[i] = 0xFF;
            data[i + 1] |= 0xF0;
        }
    }

    private static void Check(byte[] data, Random random, string context)
    {
        FramedStream stream;
        try
        {
            stream = FramedStream.FeedChunks(Segments.RandomChunks(data, random, random.Next(1, 3000)));
        }
        catch (Exception e)
        {
            Assert.Fail($"{context}: {e}");
            return;
        }

        Assert.True(stream.Framer.Position <= data.Length, context);
        Assert.True(stream.Calls <= data.Length + (2L * stream.Frames.Count) + 10_000, context);
        foreach (var frame in stream.Frames)
        {
            Assert.True(frame.StreamOffset + frame.Bytes.Length <= data.Length, context);
            Assert.Equal(data.AsSpan((int)frame.StreamOffset, frame.Bytes.Length).ToArray(), frame.Bytes);
            var length = frame.Format == AudioFormat.Mp3
                ? Mp3FrameHeader.Parse(frame.Bytes, out var mp3) == Mp3HeaderError.None ? mp3.FrameLength : -1
                : AdtsFrameHeader.Parse(frame.Bytes, out var adts) == AdtsHeaderError.None ? adts.FrameLength : -1;
            Assert.True(length == frame.Bytes.Length, $"{context}: invalid frame at {frame.StreamOffset}");
        }

        if (stream.LastStatus != AudioFramerStatus.NotAudio)
        {
            Assert.True(stream.Framer.Position == data.Length, $"{context}: a completed stream is consumed entirely");
        }
    }
}
