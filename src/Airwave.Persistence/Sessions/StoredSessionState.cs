namespace Airwave.Persistence.Sessions;

/// <summary>A session's state as stored: its version (the next write takes the one above) and the serialized state.</summary>
public sealed record StoredSessionState(long Version, byte[] State);
