namespace Airwave.Streaming.Access;

/// <summary>A client's failed logins in the current window, as the periodic summary reports them.</summary>
public sealed record LoginFailureSummary(string Key, int Failures, bool Locked);
