namespace Airwave.Streaming.Sessions;

/// <summary>How a listener presenting a session id starts.</summary>
public enum ResumeKind
{
    /// <summary>Like a new listener (live): the id is unknown, expired, of another channel, or has no playhead.</summary>
    Fresh,

    /// <summary>At <see cref="ResumePoint.Seq"/>, the chunk after the playhead, which the rewind buffer still holds.</summary>
    AtSequence,

    /// <summary>At <see cref="ResumePoint.AtUtc"/>, the playhead's time, because its sequence number is no longer held.</summary>
    AtTime,
}

/// <summary>Where a session resumes, decided by <see cref="SessionResume.Decide"/>.</summary>
/// <param name="Kind">Fresh, by sequence number or by time.</param>
/// <param name="Seq">The first chunk to send for <see cref="ResumeKind.AtSequence"/>.</param>
/// <param name="AtUtc">The stream time to resume at for <see cref="ResumeKind.AtTime"/>.</param>
/// <param name="Reason">Why, in words, for logs.</param>
public readonly record struct ResumePoint(ResumeKind Kind, long Seq, DateTime AtUtc, string Reason)
{
    /// <summary>Start fresh because of <paramref name="reason"/>.</summary>
    public static ResumePoint Fresh(string reason) => new(ResumeKind.Fresh, 0, default, reason);
}
