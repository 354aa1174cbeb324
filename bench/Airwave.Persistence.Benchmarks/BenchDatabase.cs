using Npgsql;

namespace Airwave.Persistence.Benchmarks;

/// <summary>A database of its own for one benchmark: a fresh SQLite directory, or a fresh schema on the PostgreSQL of <c>AIRWAVE_TEST_POSTGRES</c>.</summary>
internal static class BenchDatabase
{
    public static async Task<PersistenceOptions> CreateAsync(PersistenceProvider provider)
    {
        if (provider == PersistenceProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"airwave-bench-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            return new PersistenceOptions { Provider = provider, DataDirectory = directory };
        }

        var options = new PersistenceOptions
        {
            Provider = provider,
            ConnectionString = Environment.GetEnvironmentVariable("AIRWAVE_TEST_POSTGRES")
                ?? throw new InvalidOperationException("Set AIRWAVE_TEST_POSTGRES to a PostgreSQL connection string (scripts/start-test-postgres.sh prints one)."),
            Schema = $"bench_{Guid.NewGuid():N}",
        };
        await ExecuteAsync(options, $"CREATE SCHEMA \"{options.Schema}\"");
        return options;
    }

    public static async Task DeleteAsync(PersistenceOptions options)
    {
        if (options.Provider == PersistenceProvider.PostgreSql)
        {
            await ExecuteAsync(options, $"DROP SCHEMA \"{options.Schema}\" CASCADE");
        }
        else if (Directory.Exists(options.DataDirectory))
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(PersistenceOptions options, string sql)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
