namespace Airwave.Persistence.Sessions;

/// <summary>A session's new state: written when the stored version is <paramref name="Version"/> - 1 or there is none.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Version">The version this state takes.</param>
/// <param name="LastSeenUtc">When the session was last connected: expiry deletes by it.</param>
/// <param name="State">The serialized state.</param>
public sealed record SessionStateWrite(string SessionId, long Version, DateTime LastSeenUtc, byte[] State);
