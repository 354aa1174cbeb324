namespace Airwave.Media.Mp3;

/// <summary>The channel mode bits of an MPEG audio header.</summary>
public enum MpegChannelMode
{
    /// <summary>Two independent channels.</summary>
    Stereo = 0,

    /// <summary>Two channels with mid/side or intensity coding.</summary>
    JointStereo = 1,

    /// <summary>Two mono programmes.</summary>
    DualChannel = 2,

    /// <summary>One channel.</summary>
    Mono = 3,
}
