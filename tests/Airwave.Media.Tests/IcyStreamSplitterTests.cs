using System.Buffers;
using Airwave.Media.Icy;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class IcyStreamSplitterTests
{
    private const int MetaInt = 100;

    private static (byte[] Stream, byte[] Audio, List<byte[]> Blocks) BuildStream()
    {
        var audio = Enumerable.Range(0, 350).Select(i => (byte)i).ToArray();
        var title = IcyMetadataEncoder.Encode("First");
        var stream = new List<byte>();
        stream.AddRange(audio[..100]);
        stream.AddRange(title);
        stream.AddRange(audio[100..200]);
        stream.AddRange(IcyMetadataEncoder.EmptyBlock.ToArray());
        stream.AddRange(audio[200..300]);
        stream.AddRange(IcyMetadataEncoder.Encode("Second"));
        stream.AddRange(audio[300..]);
        return ([.. stream], audio, [title[1..], IcyMetadataEncoder.Encode("Second")[1..]]);
    }

    private static (byte[] Audio, List<byte[]> Blocks) Split(IEnumerable<byte[]> chunks)
    {
        var splitter = new IcyStreamSplitter(MetaInt);
        var audio = new List<byte>();
        var blocks = new List<byte[]>();
        var pending = Array.Empty<byte>();
        foreach (var chunk in chunks)
        {
            byte[] joined = [.. pending, .. chunk];
            var buffer = Segments.Of([joined[..(joined.Length / 2)], joined[(joined.Length / 2)..]]);
            IcySplitStatus status;
            while ((status = splitter.Read(ref buffer, out var slice)) != IcySplitStatus.NeedMoreData)
            {
                if (status == IcySplitStatus.Audio)
                {
                    audio.AddRange(slice.ToArray());
                }
                else
                {
                    blocks.Add(slice.ToArray());
                }
            }

            pending = buffer.ToArray();
        }

        return ([.. audio], blocks);
    }

    [Fact]
    public void Audio_and_metadata_are_separated_when_fed_whole()
    {
        var (stream, audio, blocks) = BuildStream();

        var (splitAudio, splitBlocks) = Split([stream]);

        Assert.Equal(audio, splitAudio);
        Assert.Equal(blocks, splitBlocks);
    }

    [Fact]
    public void Every_chunk_boundary_gives_the_same_result()
    {
        var (stream, audio, blocks) = BuildStream();

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var (splitAudio, splitBlocks) = Split([stream[..cut], stream[cut..]]);

            Assert.True(audio.AsSpan().SequenceEqual(splitAudio), $"audio differs when cut at {cut}");
            Assert.Equal(blocks, splitBlocks);
        }
    }

    [Fact]
    public void Byte_by_byte_feeding_gives_the_same_result()
    {
        var (stream, audio, blocks) = BuildStream();

        var (splitAudio, splitBlocks) = Split(stream.Select(b => new[] { b }));

        Assert.Equal(audio, splitAudio);
        Assert.Equal(blocks, splitBlocks);
    }

    [Fact]
    public void Audio_slices_never_cross_a_metadata_block_and_are_not_copied()
    {
        var (stream, _, _) = BuildStream();
        var splitter = new IcyStreamSplitter(MetaInt);
        var buffer = new ReadOnlySequence<byte>(stream);

        Assert.Equal(IcySplitStatus.Audio, splitter.Read(ref buffer, out var first));
        Assert.Equal(MetaInt, first.Length);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first.First, out var segment));
        Assert.Same(stream, segment.Array);
        Assert.Equal(IcySplitStatus.Metadata, splitter.Read(ref buffer, out _));
        Assert.Equal(1, splitter.MetadataBlocks);
        Assert.Equal(MetaInt, splitter.AudioBytes);
    }

    [Fact]
    public void Splitting_does_not_allocate()
    {
        var (stream, _, _) = BuildStream();
        var splitter = new IcyStreamSplitter(MetaInt);
        var buffer = Segments.Of([stream[..150], stream[150..]]);
        var pieces = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        while (splitter.Read(ref buffer, out _) != IcySplitStatus.NeedMoreData)
        {
            pieces++;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(6, pieces);
    }
}
