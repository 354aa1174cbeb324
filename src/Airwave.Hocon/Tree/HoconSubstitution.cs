namespace Airwave.Hocon.Tree;

/// <summary>An unresolved <c>${path}</c> looked up in the whole merged tree, then in the environment.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(SourcePosition position, IReadOnlyList<string> path, bool isOptional)
        : base(position)
    {
        Path = path;
        IsOptional = isOptional;
    }

    public IReadOnlyList<string> Path { get; }

    public bool IsOptional { get; }

    internal override bool IsPending => true;

    public string Describe() => $"${{{(IsOptional ? "?" : "")}{string.Join('.', Path)}}}";
}
