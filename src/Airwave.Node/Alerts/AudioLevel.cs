using NLayer;

namespace Airwave.Node.Alerts;

/// <summary>
/// How loud a chunk of MP3 is, decoded with NLayer (a managed decoder: no ffmpeg on the audio path). Used by the
/// <c>silence</c> alert on one chunk per channel per evaluation, read back from the rewind buffer on the evaluator's
/// thread, so the audio path does nothing for it.
/// </summary>
internal static class AudioLevel
{
    /// <summary>Below this RMS level a chunk is silence: quieter than the hiss of any live line, louder than digital zero or a dead encoder's noise floor.</summary>
    public const int SilenceDbfs = -50;

    /// <summary>
    /// Frames decoded per measurement (about 0.15 s of 44.1 kHz audio): the first only fills the decoder's bit reservoir
    /// (Layer III frames borrow bits from the ones before), so it is decoded and not measured.
    /// </summary>
    private const int Frames = 6;

    /// <summary>The largest frame: 1,152 samples (MPEG-1 Layer III) for each of two channels.</summary>
    private const int MaxFrameSamples = 1152 * 2;

    /// <summary>The RMS level of the first frames of <paramref name="mp3"/> in dBFS; null when nothing decodes.</summary>
    public static double? RmsDbfs(ReadOnlyMemory<byte> mp3)
    {
        try
        {
            // A copy: the rewind buffer's slab is reused once the chunk is evicted, hours from now for the newest chunk.
            using var stream = new MemoryStream(mp3.ToArray(), writable: false);
            using var file = new MpegFile(stream);
            var samples = new float[Frames * MaxFrameSamples];
            var read = file.ReadSamples(samples, 0, samples.Length);
            var primed = Math.Min(read, read / Frames);
            if (read - primed <= 0)
            {
                return null;
            }

            var sum = 0.0;
            for (var i = primed; i < read; i++)
            {
                sum += samples[i] * (double)samples[i];
            }

            var rms = Math.Sqrt(sum / (read - primed));
            return rms > 0 ? 20 * Math.Log10(rms) : double.NegativeInfinity;
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentException or EndOfStreamException)
        {
            // Not MPEG audio NLayer can read (Layer II with odd tables, a damaged frame): no level, no alert.
            return null;
        }
    }
}
