namespace Airwave.Hocon.Tree;

/// <summary>Values written next to each other (<c>${a} [b]</c>, <c>foo ${x} bar</c>): joined, appended or merged when resolved.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(SourcePosition position, IReadOnlyList<HoconValue> parts, IReadOnlyList<string> separators)
        : base(position)
    {
        Parts = parts;
        Separators = separators;
    }

    public IReadOnlyList<HoconValue> Parts { get; }

    /// <summary>Whitespace between part i and part i+1, kept when the parts join into a string.</summary>
    public IReadOnlyList<string> Separators { get; }

    internal override bool IsPending => true;
}
