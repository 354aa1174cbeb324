using Airwave.Persistence;
using Airwave.Streaming.Archive;
using Airwave.TestFixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Airwave.Streaming.Fixtures;

/// <summary>An archive (files in a temp directory, index in SQLite or in a fresh PostgreSQL schema) per test class, removed afterwards.</summary>
#pragma warning disable CA1001 // Disposed in DisposeAsync, as xunit fixtures are.
public abstract class ArchiveBackend : IAsyncLifetime
#pragma warning restore CA1001
{
    private PersistenceStores? stores;
    private DiskArchive? archive;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "airwave-archive-" + Guid.NewGuid().ToString("N"));

    public PersistenceStores Stores => stores ?? throw new InvalidOperationException("not initialized");

    public DiskArchive Archive => archive ?? throw new InvalidOperationException("not initialized");

    protected abstract PersistenceOptions Options { get; }

    /// <summary>An archiver writing to this archive with the default settings.</summary>
    public SegmentArchiver Archiver() => new(Archive, _ => ArchiveSettings.Default, NullLogger<SegmentArchiver>.Instance);

    /// <summary>Waits (up to 10 s) until segment <paramref name="mediaSequence"/> of <paramref name="channel"/> is indexed, and returns its record.</summary>
    public async Task<Persistence.Archive.ArchiveSegmentRecord> WaitIndexedAsync(string channel, long mediaSequence)
    {
        Persistence.Archive.ArchiveSegmentRecord? found = null;
        await Eventually.AssertAsync(
            async () =>
            {
                found = await Archive.FindAsync(channel, mediaSequence);
                Assert.NotNull(found);
            },
            TimeSpan.FromSeconds(10));
        return found!;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        stores = await PersistenceStoreFactory.OpenAsync(Options);
        archive = new DiskArchive(Path.Combine(Root, "archive"), stores.ArchiveIndex, 64, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        if (archive is not null)
        {
            await archive.DisposeAsync();
        }

        if (stores is not null)
        {
            await stores.DisposeAsync();
        }

        await RemoveDatabaseAsync();
        Directory.Delete(Root, recursive: true);
    }

    protected virtual Task RemoveDatabaseAsync() => Task.CompletedTask;
}

/// <summary>The archive index in SQLite.</summary>
public sealed class SqliteArchiveBackend : ArchiveBackend
{
    protected override PersistenceOptions Options => new() { Provider = PersistenceProvider.Sqlite, DataDirectory = Path.Combine(Root, "db") };
}

/// <summary>The archive index in a random schema of the test PostgreSQL server (AIRWAVE_TEST_POSTGRES).</summary>
public sealed class PostgreSqlArchiveBackend : ArchiveBackend
{
    private const string Variable = "AIRWAVE_TEST_POSTGRES";
    private readonly string schema = $"t_{Guid.NewGuid():N}";

    protected override PersistenceOptions Options => new() { Provider = PersistenceProvider.PostgreSql, ConnectionString = ConnectionString, Schema = schema };

    private static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL archive tests need a server (./test.sh starts one).");

    protected override async Task RemoveDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
