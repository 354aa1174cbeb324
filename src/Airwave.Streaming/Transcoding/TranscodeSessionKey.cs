namespace Airwave.Streaming.Transcoding;

/// <summary>What makes two session requests the same session: the channel, where it starts, where it ends (an archive window) and the profile.</summary>
/// <param name="Channel">The source channel's id.</param>
/// <param name="StartUtc">Where the session starts; null for live.</param>
/// <param name="EndUtc">Where an archive window ends; null for a session that follows the channel live.</param>
/// <param name="Profile">The profile's name.</param>
public sealed record TranscodeSessionKey(string Channel, DateTime? StartUtc, DateTime? EndUtc, string Profile);
