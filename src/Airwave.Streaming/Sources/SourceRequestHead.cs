using System.Text;

namespace Airwave.Streaming.Sources;

/// <summary>The request line and headers a source client sends before its audio (Icecast <c>PUT</c> or legacy <c>SOURCE</c>), or a listener's <c>GET</c>/<c>HEAD</c>.</summary>
/// <remarks>
/// Every listener's connection starts with one, so it keeps the head's bytes and where each field lies in them, and makes
/// a string of a value only when it is asked for: a listener's route reads three or four of its fields.
/// </remarks>
public sealed class SourceRequestHead
{
    private readonly byte[] bytes;
    private readonly HeaderField[] fields;

    internal SourceRequestHead(string method, string path, string protocol, byte[] bytes, HeaderField[] fields)
    {
        Method = method;
        Path = path;
        Protocol = protocol;
        this.bytes = bytes;
        this.fields = fields;
    }

    /// <summary>PUT, SOURCE, GET or HEAD, upper case.</summary>
    public string Method { get; }

    /// <summary>The mount path with its query, e.g. <c>/live</c>.</summary>
    public string Path { get; }

    /// <summary>HTTP/1.1, HTTP/1.0 or ICE/1.0.</summary>
    public string Protocol { get; }

    /// <summary>True for the legacy <c>SOURCE</c> method, which expects an immediate <c>200 OK</c>.</summary>
    public bool IsLegacySource => Method == "SOURCE";

    /// <summary>The mount part of <see cref="Path"/> without the query string.</summary>
    public string Mount
    {
        get
        {
            var query = Path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? Path : Path[..query];
        }
    }

    /// <summary>The query string after the mount, with its <c>?</c>, or empty.</summary>
    public string Query
    {
        get
        {
            var query = Path.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? "" : Path[query..];
        }
    }

    /// <summary>True for a request with a body or asking to switch protocols: never one the raw listener paths answer.</summary>
    public bool HasBodyOrUpgrade =>
        Header("Content-Length") is not (null or "0") || Header("Transfer-Encoding") is not null || Header("Upgrade") is not null;

    /// <summary>The value of a header (names are case-insensitive), or null when it is absent.</summary>
    /// <remarks>
    /// Of a repeated field the last value wins, except <c>Content-Length</c> and <c>Transfer-Encoding</c>: repeated framing
    /// fields are one list (RFC 9110 §5.3), joined with ", ", so a second line cannot hide behind the first.
    /// </remarks>
    public string? Header(string name)
    {
        if (!IsFramingField(name))
        {
            return LastField(name) is { } last ? Encoding.Latin1.GetString(bytes, last.ValueStart, last.ValueLength) : null;
        }

        string? value = null;
        foreach (var field in fields)
        {
            if (Named(field, name))
            {
                var current = Encoding.Latin1.GetString(bytes, field.ValueStart, field.ValueLength);
                value = value is null ? current : value + ", " + current;
            }
        }

        return value;
    }

    /// <summary>The raw bytes of a header's last value (names are case-insensitive); empty when it is absent or empty.</summary>
    /// <remarks>For a value kept as it came, without a string per request (see <see cref="Header"/> for framing fields).</remarks>
    public ReadOnlySpan<byte> LastValue(string name) =>
        LastField(name) is { } last ? bytes.AsSpan(last.ValueStart, last.ValueLength) : default;

    /// <summary>The last field of that name: the one whose value wins.</summary>
    private HeaderField? LastField(string name)
    {
        for (var i = fields.Length - 1; i >= 0; i--)
        {
            if (Named(fields[i], name))
            {
                return fields[i];
            }
        }

        return null;
    }

    private bool Named(HeaderField field, string name) => Ascii.EqualsIgnoreCase(bytes.AsSpan(field.NameStart, field.NameLength), name);

    private static bool IsFramingField(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
}
