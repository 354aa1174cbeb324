namespace Airwave.Hocon.Tree;

/// <summary>An ordered list of HOCON values.</summary>
public sealed class HoconArray : HoconValue
{
    public HoconArray(SourcePosition position, IReadOnlyList<HoconValue> elements)
        : base(position)
    {
        Elements = elements;
    }

    public IReadOnlyList<HoconValue> Elements { get; }
}
