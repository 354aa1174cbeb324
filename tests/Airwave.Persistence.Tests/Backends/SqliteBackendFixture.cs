using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Tests.Backends;

/// <summary>A SQLite file in a fresh temp directory.</summary>
public sealed class SqliteBackendFixture : BackendFixture
{
    private readonly string root;

    public SqliteBackendFixture()
    {
        root = Path.Combine(Path.GetTempPath(), $"airwave-persistence-{Guid.NewGuid():N}");
        Options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = Path.Combine(root, "live") };
    }

    public override PersistenceOptions Options { get; }

    public override async Task<PersistenceStores> CrashDuringWriteAsync(string persistenceId, IReadOnlyList<EventToWrite> batch)
    {
        var liveFile = Path.Combine(Options.DataDirectory!, Options.SqliteFileName);
        var imageDirectory = Path.Combine(root, $"crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(imageDirectory);
        using (var connection = new SqliteConnection($"Data Source={liveFile};Pooling=False"))
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                // A tiny page cache makes SQLite spill the uncommitted half batch into the WAL file before the "crash".
                pragma.CommandText = "PRAGMA cache_size = 2";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            foreach (var journalEvent in batch.Take(batch.Count / 2))
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText =
                    "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
                    "VALUES (0, @pid, @seq, 0, @message, @identifier, @manifest, 'crashed-writer')";
                insert.Parameters.AddWithValue("pid", persistenceId);
                insert.Parameters.AddWithValue("seq", journalEvent.SequenceNr);
                insert.Parameters.AddWithValue("message", journalEvent.Payload.Bytes.ToArray());
                insert.Parameters.AddWithValue("identifier", journalEvent.Payload.SerializerId);
                insert.Parameters.AddWithValue("manifest", journalEvent.Payload.Manifest);
                insert.ExecuteNonQuery();
            }

            // The files as they are on disk right now are what a machine that lost power would restart with.
            foreach (var suffix in new[] { string.Empty, "-wal" })
            {
                if (File.Exists(liveFile + suffix))
                {
                    File.Copy(liveFile + suffix, Path.Combine(imageDirectory, Options.SqliteFileName + suffix));
                }
            }
        }

        return await PersistenceStoreFactory.OpenAsync(Options with { DataDirectory = imageDirectory });
    }

    protected override Task RemoveDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
