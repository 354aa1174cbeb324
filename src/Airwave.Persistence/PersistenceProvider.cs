namespace Airwave.Persistence;

/// <summary>The database engine that holds the journal and snapshots.</summary>
public enum PersistenceProvider
{
    /// <summary>An embedded SQLite file: the single-node default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by the cluster.</summary>
    PostgreSql,
}
