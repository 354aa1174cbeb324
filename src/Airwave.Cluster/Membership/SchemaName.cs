using System.Text.RegularExpressions;

namespace Airwave.Cluster.Membership;

/// <summary>Validates and quotes the configured schema name, the one identifier that reaches SQL text.</summary>
internal static partial class SchemaName
{
    public static string Quote(string schema) =>
        SafeIdentifier().IsMatch(schema)
            ? $"\"{schema}\""
            : throw new ArgumentException(
                $"'{schema}' is not a valid airwave.cluster.schema: use lower-case letters, digits and underscores, starting with a letter or underscore (at most 63).",
                nameof(schema));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeIdentifier();
}
