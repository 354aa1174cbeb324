using System.Text.RegularExpressions;

namespace Airwave.Persistence.PostgreSql;

/// <summary>Validates and quotes a schema name, the one identifier that reaches SQL text from configuration.</summary>
internal static partial class PostgreSqlIdentifier
{
    public static string Quote(string identifier)
    {
        if (!SafeIdentifier().IsMatch(identifier))
        {
            throw new ArgumentException(
                $"'{identifier}' is not a valid schema name: use lower-case letters, digits and underscores, starting with a letter or underscore (at most 63).",
                nameof(identifier));
        }

        return $"\"{identifier}\"";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeIdentifier();
}
