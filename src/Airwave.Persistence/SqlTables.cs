namespace Airwave.Persistence;

/// <summary>The qualified names of the node's tables as they appear in SQL text.</summary>
/// <param name="Prefix">The quoted schema and a dot, or empty where tables are unqualified (SQLite).</param>
internal sealed record SqlTables(string Prefix)
{
    public static SqlTables Unqualified { get; } = new(string.Empty);

    /// <summary>The archive's segment index.</summary>
    public string ArchiveSegment => Prefix + "archive_segment";

    /// <summary>Each listener session's latest state as a version before sessions moved to Akka.Persistence stored it.</summary>
    public string EarlierListenerSession => Prefix + "earlier_listener_session";

    /// <summary>The rolled-up listens analytics report on.</summary>
    public string Listen => Prefix + "listen";

    /// <summary>The channels added through the admin API.</summary>
    public string RuntimeChannel => Prefix + "runtime_channel";

    /// <summary>The newest reservation each counter wrote before reservations moved to Akka.Persistence.</summary>
    public string EarlierReservation => Prefix + "earlier_reservation";

    public static SqlTables InSchema(string quotedSchema) => new(quotedSchema + ".");
}
