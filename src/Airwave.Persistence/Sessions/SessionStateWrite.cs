namespace Airwave.Persistence.Sessions;

/// <summary>A session's new state, refused when another writer already wrote <paramref name="Version"/>.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Version">The version this state takes: one above the version the writer read or wrote last.</param>
/// <param name="State">The serialized state.</param>
public sealed record SessionStateWrite(string SessionId, long Version, byte[] State);
