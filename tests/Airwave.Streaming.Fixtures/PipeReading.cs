using System.Buffers;
using System.IO.Pipelines;

namespace Airwave.Streaming.Fixtures;

/// <summary>Reads what a session wrote into its pipe.</summary>
public static class PipeReading
{
    public static async Task<byte[]> ReadExactlyAsync(this PipeReader reader, int count)
    {
        var result = new byte[count];
        var got = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (got < count)
        {
            var read = await reader.ReadAsync(timeout.Token);
            var take = (int)Math.Min(read.Buffer.Length, count - got);
            read.Buffer.Slice(0, take).CopyTo(result.AsSpan(got));
            got += take;
            reader.AdvanceTo(read.Buffer.GetPosition(take));
            if (read.IsCompleted && got < count)
            {
                throw new EndOfStreamException($"the session wrote {got} bytes, {count} expected");
            }
        }

        return result;
    }

    /// <summary>Takes whatever is buffered right now without waiting.</summary>
    public static byte[] ReadAvailable(this PipeReader reader)
    {
        if (!reader.TryRead(out var read))
        {
            return [];
        }

        var bytes = read.Buffer.ToArray();
        reader.AdvanceTo(read.Buffer.End);
        return bytes;
    }
}
