namespace Airwave.Hocon;

/// <summary>Where a token or value was written: file name, 1-based line and 1-based column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>Formats as <c>file:line:column</c>, the prefix of every error message.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
