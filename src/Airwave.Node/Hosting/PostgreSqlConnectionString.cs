using Airwave.Hocon.Values;
using Npgsql;

namespace Airwave.Node.Hosting;

/// <summary>
/// Checks a configured PostgreSQL connection string as the node reads its settings, so a keyword Npgsql does not know
/// stops the node as a configuration error (file:line, what to write) rather than as a crash when it first connects.
/// </summary>
internal static class PostgreSqlConnectionString
{
    /// <summary><paramref name="value"/>, or a configuration error at <paramref name="key"/> naming the keyword it could not take.</summary>
    /// <remarks>The error never repeats the value, which may hold a password.</remarks>
    public static string Checked(IConfiguration configuration, string key, string value)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
            return value;
        }
        catch (ArgumentException e)
        {
            var why = e.ParamName switch
            {
                null => "it is not keyword=value pairs separated by ';'",
                var keyword when e.InnerException is KeyNotFoundException => $"\"{keyword}\" is not one of its keywords",
                var keyword => $"the value of \"{keyword}\" is not one it takes",
            };
            throw configuration.InvalidValue(
                key,
                $"is not a PostgreSQL connection string: {why}. Write e.g. \"Host=db.example;Port=5432;Database=airwave;Username=airwave;Password=...\"; " +
                "a keyword of several words keeps its spaces (\"Maximum Pool Size=50\"); all keywords: https://www.npgsql.org/doc/connection-string-parameters.html");
        }
    }
}
