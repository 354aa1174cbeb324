using System.Buffers;
using Airwave.Media.Framing;
using Airwave.Media.Mp3;

namespace Airwave.Media.Tests.Support;

/// <summary>A frame as the tests see it: copied bytes plus what the framer reported.</summary>
internal sealed record EmittedFrame(byte[] Bytes, AudioFormat Format, int SampleRate, int Channels, int Samples, int Bitrate, Mp3InfoTagKind InfoTag, long StreamOffset);

/// <summary>Drives an <see cref="AudioFramer"/> the way a PipeReader consumer does: chunks arrive, unconsumed bytes are kept.</summary>
internal sealed class FramedStream
{
    private readonly List<byte[]> pending = [];

    public FramedStream(AudioFramerOptions? options = null) => Framer = new AudioFramer(options);

    public AudioFramer Framer { get; }

    public List<EmittedFrame> Frames { get; } = [];

    public AudioFramerStatus LastStatus { get; private set; }

    public long Calls { get; private set; }

    public static FramedStream FeedWhole(byte[] data, AudioFramerOptions? options = null)
    {
        var stream = new FramedStream(options);
        stream.Feed(data);
        stream.Complete();
        return stream;
    }

    public static FramedStream FeedChunks(IEnumerable<byte[]> chunks, AudioFramerOptions? options = null)
    {
        var stream = new FramedStream(options);
        foreach (var chunk in chunks)
        {
            stream.Feed(chunk);
        }

        stream.Complete();
        return stream;
    }

    public void Feed(byte[] chunk)
    {
        pending.Add(chunk);
        Drain(isCompleted: false);
    }

    public void Complete() => Drain(isCompleted: true);

    private void Drain(bool isCompleted)
    {
        var buffer = Segments.Of(pending);
        var start = buffer.Length;
        var guard = 0;
        while (true)
        {
            Calls++;
            var before = buffer.Length;
            LastStatus = Framer.Read(ref buffer, isCompleted, out var frame);
            if (buffer.Length > before)
            {
                throw new InvalidOperationException("The framer grew the buffer.");
            }

            if (LastStatus != AudioFramerStatus.Frame)
            {
                break;
            }

            if (++guard > start + 1)
            {
                throw new InvalidOperationException("The framer emitted more frames than there are bytes.");
            }

            Frames.Add(new EmittedFrame(frame.Data.ToArray(), frame.Format, frame.SampleRate, frame.Channels, frame.Samples, frame.Bitrate, frame.InfoTag, frame.StreamOffset));
        }

        Drop(start - buffer.Length);
    }

    private void Drop(long consumed)
    {
        var all = pending.SelectMany(c => c).Skip((int)consumed).ToArray();
        pending.Clear();
        if (all.Length > 0)
        {
            pending.Add(all);
        }
    }
}
