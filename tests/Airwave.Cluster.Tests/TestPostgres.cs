using Npgsql;

namespace Airwave.Cluster.Tests;

/// <summary>The PostgreSQL server the test script starts; tests fail loudly when it is not configured.</summary>
public static class TestPostgres
{
    public const string Variable = "AIRWAVE_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: the cluster membership tests need a PostgreSQL server. Run ./test.sh, which starts one " +
                $"and sets {Variable}, or export {Variable}='Host=...;Port=...;Username=...;Database=...' yourself.");

    public static string NewSchemaName() => $"t_{Guid.NewGuid():N}";

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
