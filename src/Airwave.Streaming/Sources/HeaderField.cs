namespace Airwave.Streaming.Sources;

/// <summary>Where one header field's name and value lie in a request head's bytes, both without surrounding whitespace.</summary>
internal readonly record struct HeaderField(int NameStart, int NameLength, int ValueStart, int ValueLength);
