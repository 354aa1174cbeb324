namespace Airwave.Persistence;

/// <summary>Where the node's database lives and how to reach it.</summary>
public sealed record PersistenceOptions
{
    /// <summary>The database engine.</summary>
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>The PostgreSQL connection string (PostgreSQL only).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The directory that holds the SQLite file (SQLite only); created when missing.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/>.</summary>
    public string SqliteFileName { get; init; } = "airwave-persistence.db";

    /// <summary>The PostgreSQL schema that holds the tables; created when missing.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>How long a statement waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
