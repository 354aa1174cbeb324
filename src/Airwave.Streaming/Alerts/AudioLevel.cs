using Airwave.Media.Mp3;
using NLayer;

namespace Airwave.Streaming.Alerts;

/// <summary>
/// How loud a chunk of MP3 is, decoded with NLayer (a managed decoder: no ffmpeg on the audio path). The <c>silence</c>
/// alert measures one chunk per channel per evaluation, read back from the rewind buffer on the evaluator's thread, so the
/// audio path does nothing for it.
/// </summary>
/// <remarks>
/// One meter measures every channel, one chunk after another, with a decoder and buffers it made once. A reader made for
/// each measurement (NLayer's <c>MpegFile</c>) made about 150 KB of garbage each time: 1 MB every 30 s for each MP3
/// channel at the default <c>check-interval</c>, listened to or not. Not thread-safe: one measurement at a time.
/// </remarks>
public sealed class AudioLevel
{
    /// <summary>Below this RMS level a chunk is silence: quieter than the hiss of any live line, louder than digital zero or a dead encoder's noise floor.</summary>
    public const int SilenceDbfs = -50;

    /// <summary>
    /// Frames measured (about 0.13 s of 44.1 kHz audio). They follow the first frame that decodes to samples, which is
    /// decoded and not measured: the decoder starts from silence, so that frame fades in. Before it, a Layer III frame
    /// whose bits begin in the frame before (its bit reservoir) decodes to nothing.
    /// </summary>
    private const int MeasuredFrames = 5;

    /// <summary>The most samples one frame decodes to: 1,152 (MPEG-1) for each of two channels.</summary>
    private const int MaxFrameSamples = 1152 * 2;

    /// <summary>
    /// The bytes of the frames read at most: the measured ones, the one that fades in and one that decodes to nothing, of
    /// the longest frames (Layer II at 384 kbit/s and 32 kHz: 1,728 bytes).
    /// </summary>
    private const int MaxBytes = (MeasuredFrames + 2) * 1728;

    private readonly MpegFrameDecoder decoder = new();
    private readonly NLayerFrame frame = new();
    private readonly float[] samples = new float[MaxFrameSamples];

    /// <summary>
    /// A copy of the chunk's first frames: the rewind buffer reuses a slab once its chunks are evicted, and the decoder
    /// must not read a slab that is being written.
    /// </summary>
    private readonly byte[] copy = new byte[MaxBytes];

    /// <summary>The RMS level of the first frames of <paramref name="mp3"/> in dBFS; null when nothing decodes.</summary>
    public double? RmsDbfs(ReadOnlySpan<byte> mp3)
    {
        var length = Math.Min(mp3.Length, copy.Length);
        mp3[..length].CopyTo(copy);

        // Each chunk starts as a file does: no bits or filter state of the channel measured before it. (The decoder makes its
        // filters' buffers again after a reset: 17 KB for stereo.)
        decoder.Reset();
        var sum = 0.0;
        long samplesMeasured = 0;
        var measured = 0;
        var primed = false;
        try
        {
            for (var offset = 0; offset < length && measured < MeasuredFrames;)
            {
                if (Mp3FrameHeader.Parse(copy.AsSpan(offset, length - offset), out var header) != Mp3HeaderError.None || header.FrameLength > length - offset)
                {
                    // Not a whole frame here: look for the next sync, as a player would.
                    offset++;
                    continue;
                }

                frame.Point(copy, offset, header);
                var count = decoder.DecodeFrame(frame, samples, 0);
                offset += header.FrameLength;
                if (!primed)
                {
                    primed = count > 0;
                    continue;
                }

                for (var i = 0; i < count; i++)
                {
                    sum += samples[i] * (double)samples[i];
                }

                samplesMeasured += count;
                measured++;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentException or EndOfStreamException)
        {
            // Not MPEG audio NLayer can read (Layer II with odd tables, a damaged frame): no level, no alert.
            return null;
        }

        if (samplesMeasured == 0)
        {
            return null;
        }

        var rms = Math.Sqrt(sum / samplesMeasured);
        return rms > 0 ? 20 * Math.Log10(rms) : double.NegativeInfinity;
    }
}
