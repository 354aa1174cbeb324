namespace Airwave.Hocon.Tree;

/// <summary>What a scalar HOCON value holds.</summary>
public enum HoconScalarKind
{
    Text,
    Number,
    Boolean,
    Null,
}
