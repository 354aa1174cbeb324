namespace Airwave.Node.Icecast;

/// <summary>Where a listener head's fields go as <see cref="ListenerHead.WriteFields"/> makes them: the raw connection's buffer, or Kestrel's response headers.</summary>
internal interface IHeadFields
{
    /// <summary>Adds a field whose value is kept as it is (Kestrel keeps the string; the raw connection copies it).</summary>
    void Add(string name, string value);

    /// <summary>Adds a field whose value is only valid during the call: it is formatted into a buffer that the next field reuses.</summary>
    void Add(string name, ReadOnlySpan<char> value);
}
