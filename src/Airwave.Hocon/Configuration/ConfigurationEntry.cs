namespace Airwave.Hocon.Configuration;

/// <summary>One effective configuration value and where it came from (<c>file:line:column</c>, <c>env NAME</c> or a provider's name).</summary>
public sealed record ConfigurationEntry(string Key, string? Value, string Origin)
{
    public override string ToString() => $"{Key} = {Value} ({Origin})";
}
