namespace Airwave.Hocon.Parsing;

/// <summary>The kinds of lexical tokens in a HOCON document.</summary>
internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Equals,
    Colon,
    PlusEquals,
    Newline,
    QuotedString,
    UnquotedText,
    Substitution,
    EndOfFile,
}
