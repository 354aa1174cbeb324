namespace Airwave.Media.Mp3;

/// <summary>The MPEG audio version of a frame, which picks the sample-rate and bitrate tables.</summary>
public enum MpegVersion
{
    /// <summary>MPEG-1 (32, 44.1, 48 kHz).</summary>
    Mpeg1 = 1,

    /// <summary>MPEG-2 low sampling frequencies (16, 22.05, 24 kHz).</summary>
    Mpeg2 = 2,

    /// <summary>MPEG-2.5, the unofficial extension (8, 11.025, 12 kHz).</summary>
    Mpeg25 = 25,
}
