namespace Airwave.Media.Icy;

/// <summary>The character set of ICY metadata text; the protocol does not say, so each mount chooses.</summary>
public enum IcyCharset
{
    /// <summary>UTF-8 (what most current players expect).</summary>
    Utf8 = 0,

    /// <summary>ISO-8859-1 (Icecast's historical default); characters outside it become '?'.</summary>
    Latin1,
}
