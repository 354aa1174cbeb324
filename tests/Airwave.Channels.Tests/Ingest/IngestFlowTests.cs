using System.Buffers;
using System.Text;
using Airwave.Channels.Ingest;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.TestFixtures;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class IngestFlowTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData("tone-128k-44100-stereo.mp3", AudioFormat.Mp3, 1)]
    [InlineData("tone-128k-44100-stereo.mp3", AudioFormat.Mp3, 7)]
    [InlineData("tone-32k-22050-mono.mp3", AudioFormat.Unknown, 4093)]
    [InlineData("tone-64k-48000-stereo.aac", AudioFormat.Aac, 13)]
    [InlineData("tone-64k-48000-stereo.aac", AudioFormat.Unknown, 65536)]
    public async Task Bytes_cut_anywhere_become_the_chunks_that_framing_the_whole_file_gives(string fixture, AudioFormat format, int seed)
    {
        var bytes = await File.ReadAllBytesAsync(SharedFixtures.Path(fixture));

        var (progress, chunks) = await RunAsync(Cut(bytes, seed), format);

        Assert.Equal(Reference(bytes, format), chunks);
        Assert.True(await progress.Verdict);
        // The framer also counts an MP3 Info/Xing frame, which carries no audio and goes into no chunk.
        Assert.InRange(progress.FramedBytes - chunks.Sum(c => c.Length), 0, 1441);
    }

    [Fact]
    public async Task Garbage_between_frames_is_skipped_and_the_framer_resyncs()
    {
        var audio = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        var garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not audio at all; ", 40)));
        var bytes = audio[..200_000].Concat(garbage).Concat(audio[200_000..]).ToArray();

        var (progress, chunks) = await RunAsync(Cut(bytes, 3), AudioFormat.Mp3);

        Assert.Equal(Reference(bytes, AudioFormat.Mp3), chunks);
        Assert.True(progress.SkippedBytes >= garbage.Length, $"skipped {progress.SkippedBytes} bytes");
        Assert.True(chunks.Sum(c => c.Length) > audio.Length * 9 / 10);
    }

    [Fact]
    public async Task A_stream_that_is_not_audio_gives_the_verdict_not_audio_and_no_chunk()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<html><body>this is a web page</body></html>\n", 4000)));

        var (progress, chunks) = await RunAsync(Cut(text, 5), AudioFormat.Unknown);

        Assert.False(await progress.Verdict);
        Assert.Empty(chunks);
    }

    /// <summary>The fixture cut into pieces of 1 to 3000 bytes, the same pieces for the same seed.</summary>
    internal static List<ByteString> Cut(byte[] bytes, int seed)
    {
        var random = new Random(seed);
        var pieces = new List<ByteString>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = Math.Min(bytes.Length - offset, random.Next(1, 3000));
            pieces.Add(ByteString.CopyFrom(bytes, offset, length));
            offset += length;
        }

        return pieces;
    }

    /// <summary>What the framer and the assembler make of the whole stream at once (as the file loop frames its file).</summary>
    private static List<Chunk> Reference(byte[] bytes, AudioFormat format)
    {
        var framer = new AudioFramer(new AudioFramerOptions { ExpectedFormat = format });
        using var assembler = new ChunkAssembler(ChunkDuration);
        var chunks = new List<Chunk>();
        var buffer = new ReadOnlySequence<byte>(bytes);
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            if (assembler.Add(frame) is { } chunk)
            {
                chunks.Add(Chunk.Keep(chunk));
            }
        }

        if (assembler.Flush() is { } last)
        {
            chunks.Add(Chunk.Keep(last));
        }

        return chunks;
    }

    private async Task<(IngestProgress Progress, List<Chunk> Chunks)> RunAsync(IEnumerable<ByteString> pieces, AudioFormat format)
    {
        var custody = new ChunkCustody();
        var (progress, all) = Source.From(pieces)
            .ViaMaterialized(IngestFlow.Create(format, ChunkDuration, _ => { }, custody), Keep.Right)
            .Select(chunk =>
            {
                custody.HandOver(chunk);
                return Chunk.Keep(chunk);
            })
            .ToMaterialized(Sink.Seq<Chunk>(), Keep.Both)
            .Run(Sys.Materializer());
        var chunks = (await all).ToList();
        Assert.Equal(0, custody.ReleaseAll());
        return (progress, chunks);
    }

    /// <summary>A chunk's content, compared by value; its pooled buffer is released once copied.</summary>
    internal sealed record Chunk(string Payload, int Samples, int SampleRate, AudioFormat Format, int Channels)
    {
        public int Length => Payload.Length / 2;

        public static Chunk Keep(AssembledChunk chunk)
        {
            var kept = new Chunk(Convert.ToHexString(chunk.Payload), chunk.Samples, chunk.SampleRate, chunk.Format, chunk.Channels);
            chunk.Release();
            return kept;
        }
    }
}
