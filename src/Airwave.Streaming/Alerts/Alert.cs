namespace Airwave.Streaming.Alerts;

/// <summary>A condition that started and, once <see cref="EndedUtc"/> is set, ended.</summary>
/// <param name="Key">The condition and its subject.</param>
/// <param name="Channel">The channel it is about, or null.</param>
/// <param name="Message">What the observation said when the alert fired.</param>
/// <param name="StartedUtc">When the condition began (it fired once it had held long enough).</param>
/// <param name="FiredUtc">When it fired.</param>
/// <param name="EndedUtc">When it was first seen no longer holding; null while it fires.</param>
public sealed record Alert(AlertKey Key, string? Channel, string Message, DateTime StartedUtc, DateTime FiredUtc, DateTime? EndedUtc)
{
    public bool IsFiring => EndedUtc is null;
}
