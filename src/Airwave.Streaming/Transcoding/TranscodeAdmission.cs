namespace Airwave.Streaming.Transcoding;

/// <summary>
/// The limits of new transcode sessions, apart from the actors: per source a hard limit (a user may only take back a
/// slot of their own), per user a soft one (their oldest session makes room).
/// </summary>
public static class TranscodeAdmission
{
    /// <summary>Decides a new session of <paramref name="user"/> on <paramref name="channel"/> among the <paramref name="live"/> sessions (not failed or stopped).</summary>
    public static TranscodeAdmissionDecision Decide(IReadOnlyCollection<TranscodeSessionInfo> live, string user, string channel, int maxPerUser, int maxPerSource)
    {
        ArgumentNullException.ThrowIfNull(live);
        var ofUser = live.Where(s => s.User == user).OrderBy(s => s.CreatedUtc).ToList();
        var onSource = live.Where(s => s.Key.Channel == channel).ToList();
        if (onSource.Count >= maxPerSource)
        {
            // Full: only by giving up one of their own sessions on this source may the user start another.
            var own = ofUser.FirstOrDefault(s => s.Key.Channel == channel);
            return own is null
                ? new TranscodeAdmissionDecision(false, null, $"Source at capacity ({maxPerSource} streams)")
                : new TranscodeAdmissionDecision(true, own.Id, null);
        }

        return ofUser.Count >= maxPerUser
            ? new TranscodeAdmissionDecision(true, ofUser[0].Id, null)
            : new TranscodeAdmissionDecision(true, null, null);
    }
}

/// <summary>The answer of <see cref="TranscodeAdmission.Decide"/>.</summary>
/// <param name="Admitted">True when the session may start.</param>
/// <param name="Evict">The session to stop first to make room, if any.</param>
/// <param name="Refusal">Why not, when refused (the 429's text).</param>
public sealed record TranscodeAdmissionDecision(bool Admitted, string? Evict, string? Refusal);
