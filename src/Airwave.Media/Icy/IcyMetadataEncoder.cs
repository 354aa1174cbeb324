using System.Text;

namespace Airwave.Media.Icy;

/// <summary>
/// Builds the ICY metadata block a listener receives: one length byte L, then L×16 bytes of
/// <c>StreamTitle='...';StreamUrl='...';</c> padded with NULs (at most 4080 bytes of text).
/// </summary>
/// <remarks>
/// Quote policy: like Icecast, apostrophes are sent as they are ("Don't Stop" stays readable) because players
/// (Icecast, ffmpeg, VLC) end a value at the first <c>';</c>. The one sequence that would end a value early,
/// an apostrophe followed by a semicolon inside a value, is written as <c>' ;</c>. NUL and control characters
/// become spaces. Values that do not fit are truncated at a character boundary; later fields are dropped first.
/// </remarks>
public static class IcyMetadataEncoder
{
    /// <summary>Largest text payload: 255 × 16 bytes.</summary>
    public const int MaxPayloadLength = 255 * 16;

    /// <summary>The one-byte block (L = 0) sent when the metadata has not changed.</summary>
    public static ReadOnlySpan<byte> EmptyBlock => [0];

    /// <summary>Encodes <c>StreamTitle</c> and, when given, <c>StreamUrl</c> into a complete block (length byte included).</summary>
    public static byte[] Encode(string streamTitle, string? streamUrl = null, IcyCharset charset = IcyCharset.Utf8)
    {
        ArgumentNullException.ThrowIfNull(streamTitle);
        KeyValuePair<string, string>[] fields = streamUrl is null
            ? [new("StreamTitle", streamTitle)]
            : [new("StreamTitle", streamTitle), new("StreamUrl", streamUrl)];
        return Encode(fields, charset);
    }

    /// <summary>Encodes fields in order into a complete block (length byte included); keys must be ASCII without '=' or quotes.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> fields, IcyCharset charset = IcyCharset.Utf8)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Span<byte> payload = stackalloc byte[MaxPayloadLength];
        var length = 0;
        foreach (var (key, value) in fields)
        {
            ValidateKey(key);
            if (length + key.Length + "='';".Length > MaxPayloadLength)
            {
                break;
            }

            length += Encoding.ASCII.GetBytes(key, payload[length..]);
            payload[length++] = (byte)'=';
            payload[length++] = (byte)'\'';
            length += WriteValue(value ?? string.Empty, charset, payload[length..^2]);
            payload[length++] = (byte)'\'';
            payload[length++] = (byte)';';
        }

        var blocks = (length + 15) / 16;
        var block = new byte[1 + (blocks * 16)];
        block[0] = (byte)blocks;
        payload[..length].CopyTo(block.AsSpan(1));
        return block;
    }

    private static int WriteValue(string value, IcyCharset charset, Span<byte> destination)
    {
        var written = 0;
        var previous = default(Rune);
        foreach (var original in value.EnumerateRunes())
        {
            var rune = Rune.IsControl(original) ? new Rune(' ') : original;
            var separate = previous.Value == '\'' && rune.Value == ';';
            var size = (separate ? 1 : 0) + (charset == IcyCharset.Latin1 ? 1 : rune.Utf8SequenceLength);
            if (written + size > destination.Length)
            {
                break;
            }

            if (separate)
            {
                destination[written++] = (byte)' ';
            }

            if (charset == IcyCharset.Latin1)
            {
                destination[written++] = rune.Value <= 0xFF ? (byte)rune.Value : (byte)'?';
            }
            else
            {
                written += rune.EncodeToUtf8(destination[written..]);
            }

            previous = rune;
        }

        return written;
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var c in key)
        {
            if (c is <= ' ' or > '~' or '=' or '\'' or ';')
            {
                throw new ArgumentException($"ICY metadata key '{key}' must be printable ASCII without '=', quotes or ';'.", nameof(key));
            }
        }
    }
}
