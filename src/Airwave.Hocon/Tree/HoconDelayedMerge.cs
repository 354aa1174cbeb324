namespace Airwave.Hocon.Tree;

/// <summary>
/// A later assignment over an earlier one where one side is unresolved: once both are known, two objects merge,
/// an undefined later value keeps the earlier one, anything else replaces it.
/// </summary>
internal sealed class HoconDelayedMerge : HoconValue
{
    public HoconDelayedMerge(HoconValue earlier, HoconValue later)
        : base(later.Position)
    {
        Earlier = earlier;
        Later = later;
    }

    public HoconValue Earlier { get; }

    public HoconValue Later { get; }

    internal override bool IsPending => true;
}
