namespace Airwave.Hocon.Tree;

/// <summary>A node of a HOCON tree: object, array or scalar once resolved; every node knows where it was written.</summary>
public abstract class HoconValue
{
    private protected HoconValue(SourcePosition position)
    {
        Position = position;
    }

    /// <summary>Where the value was written.</summary>
    public SourcePosition Position { get; }

    /// <summary>Whether this node itself is a substitution, concatenation or merge still to resolve.</summary>
    internal virtual bool IsPending => false;
}
