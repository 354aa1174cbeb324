namespace Airwave.Media.Mp3;

/// <summary>Which encoder information tag, if any, fills a silent first MP3 frame (so it can be dropped or kept on purpose).</summary>
public enum Mp3InfoTagKind
{
    /// <summary>An ordinary audio frame.</summary>
    None = 0,

    /// <summary>A LAME/Xing VBR header ("Xing").</summary>
    Xing,

    /// <summary>The CBR variant of the Xing header ("Info").</summary>
    Info,

    /// <summary>A Fraunhofer VBRI header.</summary>
    Vbri,
}
