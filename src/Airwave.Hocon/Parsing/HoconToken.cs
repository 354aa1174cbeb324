namespace Airwave.Hocon.Parsing;

/// <summary>One lexical token with its position and the whitespace that preceded it on the same line.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">String content (unescaped for quoted strings), or the raw punctuation.</param>
/// <param name="Position">Where the token starts.</param>
/// <param name="SpaceBefore">Whitespace between the previous token and this one on the same line.</param>
/// <param name="Path">Key path of a substitution token.</param>
/// <param name="IsOptional">Whether a substitution token was written <c>${?...}</c>.</param>
internal sealed record HoconToken(
    HoconTokenKind Kind,
    string Text,
    SourcePosition Position,
    string SpaceBefore,
    IReadOnlyList<string>? Path = null,
    bool IsOptional = false)
{
    public bool IsValueStart => Kind is HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText
        or HoconTokenKind.Substitution or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.EndOfFile => "end of file",
        HoconTokenKind.Newline => "newline",
        HoconTokenKind.QuotedString => $"string \"{Text}\"",
        HoconTokenKind.UnquotedText => $"'{Text}'",
        HoconTokenKind.Substitution => $"substitution ${{{(IsOptional ? "?" : "")}{string.Join('.', Path ?? [])}}}",
        _ => $"'{Text}'",
    };
}
