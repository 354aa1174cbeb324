using System.Buffers;

namespace Airwave.Media.Tests.Support;

/// <summary>Builds multi-segment sequences so parsers are exercised across segment boundaries, like a Pipe's buffer.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Of(IReadOnlyList<byte[]> chunks)
    {
        var nonEmpty = chunks.Where(c => c.Length > 0).ToList();
        if (nonEmpty.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var chunk in nonEmpty.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits data into chunks of random sizes between 1 and maxChunk.</summary>
    public static List<byte[]> RandomChunks(byte[] data, Random random, int maxChunk)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var size = Math.Min(random.Next(1, maxChunk + 1), data.Length - offset);
            chunks.Add(data[offset..(offset + size)]);
            offset += size;
        }

        return chunks;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
