namespace Airwave.Persistence;

/// <summary>One ordered, forward-only change to the persistence schema; applied once and recorded in schema_version.</summary>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
