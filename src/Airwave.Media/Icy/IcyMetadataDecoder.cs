using System.Text;

namespace Airwave.Media.Icy;

/// <summary>Reads the key/values of an upstream ICY metadata block, tolerating the sloppy blocks real servers send.</summary>
/// <remarks>
/// A quoted value ends at the first <c>';</c>, or at the last quote when the trailing <c>;</c> is missing, so
/// apostrophes inside titles survive. NUL padding is ignored. Without a charset, UTF-8 is used when the bytes are
/// valid UTF-8, otherwise Latin-1.
/// </remarks>
public static class IcyMetadataDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a block's text (without the length byte); keys compare case-insensitively.</summary>
    public static IReadOnlyDictionary<string, string> Decode(ReadOnlySpan<byte> payload, IcyCharset? charset = null)
    {
        var end = payload.IndexOf((byte)0);
        var text = DecodeText(end >= 0 ? payload[..end] : payload, charset);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            var key = text[position..equals].Trim();
            var (value, next) = ReadValue(text, equals + 1);
            if (key.Length > 0)
            {
                fields[key] = value;
            }

            position = next;
        }

        return fields;
    }

    private static (string Value, int Next) ReadValue(string text, int start)
    {
        if (start < text.Length && text[start] == '\'')
        {
            var close = text.IndexOf("';", start + 1, StringComparison.Ordinal);
            if (close >= 0)
            {
                return (text[(start + 1)..close], close + 2);
            }

            var lastQuote = text.LastIndexOf('\'');
            var stop = lastQuote > start ? lastQuote : text.Length;
            return (text[(start + 1)..stop], text.Length);
        }

        var semicolon = text.IndexOf(';', start);
        return semicolon >= 0 ? (text[start..semicolon], semicolon + 1) : (text[start..], text.Length);
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes, IcyCharset? charset)
    {
        switch (charset)
        {
            case IcyCharset.Utf8:
                return Encoding.UTF8.GetString(bytes);
            case IcyCharset.Latin1:
                return Encoding.Latin1.GetString(bytes);
            default:
                try
                {
                    return StrictUtf8.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    return Encoding.Latin1.GetString(bytes);
                }
        }
    }
}
