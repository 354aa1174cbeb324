using System.Globalization;
using System.Text;

namespace Airwave.Hocon.Parsing;

/// <summary>Splits HOCON text into tokens, dropping comments and keeping line/column positions.</summary>
internal sealed class HoconTokenizer
{
    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string text;
    private readonly string file;
    private int index;
    private int line = 1;
    private int column = 1;

    public HoconTokenizer(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    public List<HoconToken> Tokenize()
    {
        var tokens = new List<HoconToken>();
        while (true)
        {
            var space = SkipSpaceAndComments();
            var token = ReadToken(space);
            tokens.Add(token);
            if (token.Kind == HoconTokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    private SourcePosition Here => new(file, line, column);

    private char Current => text[index];

    private bool AtEnd => index >= text.Length;

    private char Peek(int offset) => index + offset < text.Length ? text[index + offset] : '\0';

    private void Advance()
    {
        if (text[index] == '\n')
        {
            line++;
            column = 1;
        }
        else
        {
            column++;
        }

        index++;
    }

    private static bool IsSpace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private bool AtCommentStart => !AtEnd && (Current == '#' || (Current == '/' && Peek(1) == '/'));

    private string SkipSpaceAndComments()
    {
        var start = index;
        while (!AtEnd && IsSpace(Current))
        {
            Advance();
        }

        var space = text[start..index];
        if (AtCommentStart)
        {
            while (!AtEnd && Current != '\n')
            {
                Advance();
            }
        }

        return space;
    }

    private HoconToken ReadToken(string space)
    {
        var position = Here;
        if (AtEnd)
        {
            return new HoconToken(HoconTokenKind.EndOfFile, "", position, space);
        }

        var c = Current;
        switch (c)
        {
            case '\n':
                return Punctuation(HoconTokenKind.Newline, "\\n", position, space);
            case '{':
                return Punctuation(HoconTokenKind.OpenBrace, "{", position, space);
            case '}':
                return Punctuation(HoconTokenKind.CloseBrace, "}", position, space);
            case '[':
                return Punctuation(HoconTokenKind.OpenBracket, "[", position, space);
            case ']':
                return Punctuation(HoconTokenKind.CloseBracket, "]", position, space);
            case ',':
                return Punctuation(HoconTokenKind.Comma, ",", position, space);
            case ':':
                return Punctuation(HoconTokenKind.Colon, ":", position, space);
            case '=':
                return Punctuation(HoconTokenKind.Equals, "=", position, space);
            case '+':
                if (Peek(1) != '=')
                {
                    throw new HoconException(position, "expected '=' after '+' (the append operator is '+=')");
                }

                Advance();
                return Punctuation(HoconTokenKind.PlusEquals, "+=", position, space);
            case '"':
                return Peek(1) == '"' && Peek(2) == '"'
                    ? ReadTripleQuoted(position, space)
                    : new HoconToken(HoconTokenKind.QuotedString, ReadQuoted(), position, space);
            case '$':
                return ReadSubstitution(position, space);
            default:
                if (ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal))
                {
                    throw new HoconException(position, $"unexpected character '{c}' (quote the value if it is text)");
                }

                return new HoconToken(HoconTokenKind.UnquotedText, ReadUnquoted(), position, space);
        }
    }

    private HoconToken Punctuation(HoconTokenKind kind, string text, SourcePosition position, string space)
    {
        Advance();
        return new HoconToken(kind, text, position, space);
    }

    private string ReadUnquoted()
    {
        var start = index;
        while (!AtEnd && !IsSpace(Current) && Current != '\n'
            && !ForbiddenInUnquoted.Contains(Current, StringComparison.Ordinal)
            && !(Current == '/' && Peek(1) == '/'))
        {
            Advance();
        }

        return text[start..index];
    }

    private string ReadQuoted()
    {
        var start = Here;
        Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw new HoconException(start, "unterminated quoted string: expected a closing '\"' before the end of the line");
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                return builder.ToString();
            }

            if (c == '\\')
            {
                builder.Append(ReadEscape());
                continue;
            }

            builder.Append(c);
            Advance();
        }
    }

    private char ReadEscape()
    {
        var position = Here;
        Advance();
        if (AtEnd)
        {
            throw new HoconException(position, "unterminated escape sequence");
        }

        var c = Current;
        Advance();
        switch (c)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                var hex = index + 4 <= text.Length ? text.Substring(index, 4) : "";
                if (!ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw new HoconException(position, "expected four hexadecimal digits after '\\u'");
                }

                for (var i = 0; i < 4; i++)
                {
                    Advance();
                }

                return (char)code;
            default:
                throw new HoconException(position, $"invalid escape '\\{c}' (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
    }

    private HoconToken ReadTripleQuoted(SourcePosition position, string space)
    {
        Advance();
        Advance();
        Advance();
        var end = text.IndexOf("\"\"\"", index, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new HoconException(position, "unterminated triple-quoted string: expected a closing '\"\"\"'");
        }

        while (end + 3 < text.Length && text[end + 3] == '"')
        {
            end++;
        }

        var content = text[index..end];
        while (index < end + 3)
        {
            Advance();
        }

        return new HoconToken(HoconTokenKind.QuotedString, content, position, space);
    }

    private HoconToken ReadSubstitution(SourcePosition position, string space)
    {
        if (Peek(1) != '{')
        {
            throw new HoconException(position, "expected '{' after '$' (a substitution is written ${path})");
        }

        Advance();
        Advance();
        var optional = false;
        if (!AtEnd && Current == '?')
        {
            optional = true;
            Advance();
        }

        var path = new HoconPathBuilder();
        var raw = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw new HoconException(position, "unterminated substitution: expected '}'");
            }

            var c = Current;
            if (c == '}')
            {
                Advance();
                break;
            }

            if (c == '"')
            {
                var quoted = ReadQuoted();
                path.AppendQuoted(quoted);
                raw.Append('"').Append(quoted).Append('"');
            }
            else if (IsSpace(c) || ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal))
            {
                throw new HoconException(Here, $"unexpected character '{c}' in substitution, expected a key path and '}}'");
            }
            else
            {
                var text = ReadUnquoted();
                if (text.Length == 0)
                {
                    throw new HoconException(Here, "unexpected comment start in substitution, expected a key path and '}'");
                }

                path.AppendUnquoted(text);
                raw.Append(text);
            }
        }

        if (path.IsEmpty)
        {
            throw new HoconException(position, "empty substitution: expected a key path inside ${}");
        }

        var segments = path.Build(position, raw.ToString());
        return new HoconToken(HoconTokenKind.Substitution, raw.ToString(), position, space, segments, optional);
    }
}
