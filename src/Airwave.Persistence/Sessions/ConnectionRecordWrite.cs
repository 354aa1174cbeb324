namespace Airwave.Persistence.Sessions;

/// <summary>The record of an ended listener connection, stored once under its connection id.</summary>
public sealed record ConnectionRecordWrite(string ConnectionId, DateTime EndedUtc, byte[] Record);
