namespace Airwave.Streaming.Transcoding;

/// <summary>A request for a transcode session, as <c>POST /api/transcode</c> takes it (JSON).</summary>
/// <param name="Channel">The channel to transcode.</param>
/// <param name="Profile">The profile of <c>airwave.transcoding.profiles</c> to encode with.</param>
/// <param name="User">Who asks; the per-user limit counts by it.</param>
/// <param name="Start">An archive window's start (ISO-8601 or a time of day, as <c>?at=</c>); with <paramref name="Duration"/>.</param>
/// <param name="Duration">An archive window's length (<c>1h</c>, <c>90m</c>, seconds).</param>
/// <param name="Offset">A live session's start, this far behind live (as <c>?offset=</c>).</param>
/// <param name="At">A live session's start at this moment (as <c>?at=</c>).</param>
/// <param name="Position">Where in the session to play from (<c>20m</c>, seconds): a seek, which joins the session and transcodes from there when it is not written yet.</param>
public sealed record TranscodeSessionRequest(string? Channel, string? Profile, string? User, string? Start, string? Duration, string? Offset, string? At, string? Position);
