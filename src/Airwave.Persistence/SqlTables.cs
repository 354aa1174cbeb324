namespace Airwave.Persistence;

/// <summary>The qualified names of the persistence tables as they appear in SQL text.</summary>
internal sealed record SqlTables(string Journal, string Snapshot, string Tags, string SchemaVersion)
{
    public static SqlTables Unqualified { get; } = new("journal", "snapshot", "tags", "schema_version");

    /// <summary>The archive's segment index.</summary>
    public string ArchiveSegment { get; init; } = "archive_segment";

    public static SqlTables InSchema(string quotedSchema) =>
        new($"{quotedSchema}.journal", $"{quotedSchema}.snapshot", $"{quotedSchema}.tags", $"{quotedSchema}.schema_version")
        {
            ArchiveSegment = $"{quotedSchema}.archive_segment",
        };
}
