namespace Airwave.Hocon.Tree;

/// <summary>A string, number, boolean or null, kept as the text that was written.</summary>
public sealed class HoconScalar : HoconValue
{
    public HoconScalar(SourcePosition position, HoconScalarKind kind, string text)
        : base(position)
    {
        Kind = kind;
        Text = text;
    }

    public HoconScalarKind Kind { get; }

    /// <summary>The value's text: string content, number literal, <c>true</c>/<c>false</c> or <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>The value as configuration text: null for HOCON's <c>null</c>, the text otherwise.</summary>
    public string? AsString() => Kind == HoconScalarKind.Null ? null : Text;

    public override string ToString() => Text;
}
