namespace Airwave.Media.Mp3;

/// <summary>The MPEG audio layer of a frame; Layer III is MP3, Layer II is accepted, Layer I is rejected.</summary>
public enum MpegLayer
{
    /// <summary>Layer I (parsed only to be rejected).</summary>
    Layer1 = 1,

    /// <summary>Layer II (MP2).</summary>
    Layer2 = 2,

    /// <summary>Layer III (MP3).</summary>
    Layer3 = 3,
}
