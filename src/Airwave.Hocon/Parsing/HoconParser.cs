using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Parsing;

/// <summary>Turns the tokens of one document into syntax: objects, arrays, fields, includes, concatenations.</summary>
internal sealed partial class HoconParser
{
    private const int MaxNesting = 200;

    private readonly List<HoconToken> tokens;
    private readonly Func<string, bool, SourcePosition, ObjectSyntax?> include;
    private int index;
    private int depth;

    /// <param name="tokens">The document's tokens, ending with end of file.</param>
    /// <param name="include">Reads an included file (name, required, position of the include) or returns null when an optional one is missing.</param>
    public HoconParser(List<HoconToken> tokens, Func<string, bool, SourcePosition, ObjectSyntax?> include)
    {
        this.tokens = tokens;
        this.include = include;
    }

    private HoconToken Current => tokens[index];

    public ObjectSyntax ParseDocument()
    {
        SkipNewlines();
        ObjectSyntax root;
        if (Current.Kind == HoconTokenKind.OpenBrace)
        {
            root = ParseBracedObject();
            SkipNewlines();
        }
        else
        {
            root = ParseObjectBody(Current.Position, HoconTokenKind.EndOfFile);
        }

        if (Current.Kind != HoconTokenKind.EndOfFile)
        {
            throw Expected("end of file after the root object");
        }

        return root;
    }

    private HoconToken Next()
    {
        var token = Current;
        if (token.Kind != HoconTokenKind.EndOfFile)
        {
            index++;
        }

        return token;
    }

    private void SkipNewlines()
    {
        while (Current.Kind == HoconTokenKind.Newline)
        {
            index++;
        }
    }

    private HoconException Expected(string what) =>
        new(Current.Position, $"expected {what}, found {Current.Describe()}");

    private void Enter()
    {
        if (++depth > MaxNesting)
        {
            throw new HoconException(Current.Position, $"objects and arrays nested deeper than {MaxNesting} levels");
        }
    }

    private void ThrowIfUnclosed(HoconTokenKind end, string closer, string what, SourcePosition opened)
    {
        if (Current.Kind == HoconTokenKind.EndOfFile && end != HoconTokenKind.EndOfFile)
        {
            throw new HoconException(Current.Position, $"expected {closer} to close the {what} opened at {opened}, found end of file");
        }
    }

    private ObjectSyntax ParseBracedObject()
    {
        var open = Next();
        Enter();
        var body = ParseObjectBody(open.Position, HoconTokenKind.CloseBrace);
        Next();
        depth--;
        return body;
    }

    private ObjectSyntax ParseObjectBody(SourcePosition position, HoconTokenKind end)
    {
        var entries = new List<EntrySyntax>();
        var closer = end == HoconTokenKind.CloseBrace ? "'}'" : "end of file";
        while (true)
        {
            SkipNewlines();
            if (Current.Kind == end)
            {
                return new ObjectSyntax(position, entries);
            }

            ThrowIfUnclosed(end, "'}'", "object", position);
            EntrySyntax entry = IsIncludeStart() ? ParseInclude() : ParseField();
            entries.Add(entry);

            ThrowIfUnclosed(end, "'}'", "object", position);
            if (Current.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (Current.Kind != HoconTokenKind.Newline && Current.Kind != end)
            {
                var after = entry is FieldSyntax field ? $"the value of \"{string.Join('.', field.Path)}\"" : "the include";
                throw Expected($"',' or newline or {closer} after {after}");
            }
        }
    }

    private bool IsIncludeStart()
    {
        if (Current.Kind != HoconTokenKind.UnquotedText || Current.Text != "include")
        {
            return false;
        }

        var next = tokens[index + 1];
        return next.Kind == HoconTokenKind.QuotedString
            || (next.Kind == HoconTokenKind.UnquotedText && next.Text.EndsWith('(') && next.SpaceBefore.Length > 0);
    }

    private IncludeSyntax ParseInclude()
    {
        var position = Next().Position;
        var required = false;
        string name;
        if (Current.Kind == HoconTokenKind.QuotedString)
        {
            name = Next().Text;
        }
        else
        {
            var wrapper = Next();
            var kind = wrapper.Text[..^1];
            if (kind is not ("required" or "file"))
            {
                throw new HoconException(wrapper.Position, $"unsupported include kind '{kind}(': expected \"file\", file(\"file\") or required(\"file\")");
            }

            required = kind == "required";
            if (Current.Kind != HoconTokenKind.QuotedString)
            {
                throw Expected($"a quoted file name after '{wrapper.Text}'");
            }

            name = Next().Text;
            if (Current.Kind != HoconTokenKind.UnquotedText || Current.Text != ")")
            {
                throw Expected($"')' to close '{wrapper.Text}'");
            }

            Next();
        }

        return new IncludeSyntax(position, include(name, required, position));
    }

    private FieldSyntax ParseField()
    {
        var first = Current;
        var path = ParseKey();
        var keyText = string.Join('.', path);
        switch (Current.Kind)
        {
            case HoconTokenKind.Equals:
            case HoconTokenKind.Colon:
                Next();
                return new FieldSyntax(first.Position, path, ParseValue($"the value of \"{keyText}\""), false);
            case HoconTokenKind.PlusEquals:
                Next();
                return new FieldSyntax(first.Position, path, ParseValue($"the value to append to \"{keyText}\""), true);
            case HoconTokenKind.OpenBrace:
                return new FieldSyntax(first.Position, path, ParseValue($"the value of \"{keyText}\""), false);
            default:
                throw Expected($"'=' or ':' or '{{' after key \"{keyText}\"");
        }
    }

    private IReadOnlyList<string> ParseKey()
    {
        var start = Current;
        if (start.Kind is not (HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText))
        {
            throw Expected("a key");
        }

        var builder = new HoconPathBuilder();
        var raw = new System.Text.StringBuilder();
        var isFirst = true;
        while (Current.Kind is HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText)
        {
            var token = Next();
            if (!isFirst && token.SpaceBefore.Length > 0)
            {
                builder.AppendQuoted(token.SpaceBefore);
                raw.Append(token.SpaceBefore);
            }

            if (token.Kind == HoconTokenKind.QuotedString)
            {
                builder.AppendQuoted(token.Text);
                raw.Append('"').Append(token.Text).Append('"');
            }
            else
            {
                builder.AppendUnquoted(token.Text);
                raw.Append(token.Text);
            }

            isFirst = false;
        }

        return builder.Build(start.Position, raw.ToString());
    }

    private HoconSyntax ParseValue(string what)
    {
        if (!Current.IsValueStart)
        {
            throw Expected(what);
        }

        var start = Current.Position;
        var parts = new List<HoconSyntax>();
        var separators = new List<string>();
        parts.Add(ParseSingleValue());
        while (Current.IsValueStart)
        {
            separators.Add(Current.SpaceBefore);
            parts.Add(ParseSingleValue());
        }

        return parts.Count == 1 ? parts[0] : new ConcatenationSyntax(start, parts, separators);
    }

    private HoconSyntax ParseSingleValue()
    {
        var token = Current;
        switch (token.Kind)
        {
            case HoconTokenKind.OpenBrace:
                return ParseBracedObject();
            case HoconTokenKind.OpenBracket:
                return ParseArray();
            case HoconTokenKind.Substitution:
                Next();
                return new SubstitutionSyntax(token.Position, token.Path!, token.IsOptional);
            case HoconTokenKind.QuotedString:
                Next();
                return new ScalarSyntax(token.Position, HoconScalarKind.Text, token.Text);
            default:
                Next();
                return new ScalarSyntax(token.Position, ClassifyUnquoted(token.Text), token.Text);
        }
    }

    private static HoconScalarKind ClassifyUnquoted(string text) => text switch
    {
        "true" or "false" => HoconScalarKind.Boolean,
        "null" => HoconScalarKind.Null,
        _ when NumberPattern().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => HoconScalarKind.Number,
        _ => HoconScalarKind.Text,
    };

    private ArraySyntax ParseArray()
    {
        var open = Next();
        Enter();
        var elements = new List<HoconSyntax>();
        while (true)
        {
            SkipNewlines();
            if (Current.Kind == HoconTokenKind.CloseBracket)
            {
                break;
            }

            ThrowIfUnclosed(HoconTokenKind.CloseBracket, "']'", "array", open.Position);
            elements.Add(ParseValue("an array element or ']'"));
            ThrowIfUnclosed(HoconTokenKind.CloseBracket, "']'", "array", open.Position);
            var sawNewline = Current.Kind == HoconTokenKind.Newline;
            SkipNewlines();
            if (Current.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (Current.Kind != HoconTokenKind.CloseBracket && !sawNewline)
            {
                throw Expected("',' or newline or ']' after an array element");
            }
        }

        Next();
        depth--;
        return new ArraySyntax(open.Position, elements);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
