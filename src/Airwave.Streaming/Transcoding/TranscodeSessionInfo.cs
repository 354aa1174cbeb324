namespace Airwave.Streaming.Transcoding;

/// <summary>A transcode session as the API lists it and as its manifest file keeps it.</summary>
/// <param name="Id">The session id, also its directory's name and URL segment.</param>
/// <param name="Key">What it transcodes.</param>
/// <param name="OriginUtc">The moment its position 0 is: the window's or live start (for plain live, a few segments before the request).</param>
/// <param name="User">Who asked for it first.</param>
/// <param name="CreatedUtc">When it was asked for.</param>
/// <param name="State">Where it is.</param>
/// <param name="Error">Why it failed or stopped; empty otherwise.</param>
public sealed record TranscodeSessionInfo(string Id, TranscodeSessionKey Key, DateTime OriginUtc, string User, DateTime CreatedUtc, TranscodeSessionState State, string Error);
