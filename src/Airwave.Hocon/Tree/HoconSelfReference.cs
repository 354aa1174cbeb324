namespace Airwave.Hocon.Tree;

/// <summary>
/// A substitution of the field being assigned (<c>a = ${a} [x]</c>, <c>a += x</c>): it sees the value the field
/// had before this assignment (<see cref="Prior"/>, then <see cref="RemainingPath"/> inside it), not the final one.
/// </summary>
internal sealed class HoconSelfReference : HoconValue
{
    public HoconSelfReference(HoconSubstitution substitution, HoconValue? prior, IReadOnlyList<string> remainingPath)
        : base(substitution.Position)
    {
        Substitution = substitution;
        Prior = prior;
        RemainingPath = remainingPath;
    }

    public HoconSubstitution Substitution { get; }

    /// <summary>The earlier value found along the path, or null when the field had none.</summary>
    public HoconValue? Prior { get; }

    public IReadOnlyList<string> RemainingPath { get; }

    internal override bool IsPending => true;
}
