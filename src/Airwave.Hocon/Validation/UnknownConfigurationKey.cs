namespace Airwave.Hocon.Validation;

/// <summary>A setting the reference does not declare: its dotted key, where it was set, and the declared key it probably meant.</summary>
public sealed record UnknownConfigurationKey(string Key, string Origin, string? Suggestion)
{
    public override string ToString() =>
        $"unknown setting \"{Key}\" (set at {Origin})" + (Suggestion is null ? "" : $"; did you mean \"{Suggestion}\"?");
}
