namespace Airwave.Streaming.Transcoding;

/// <summary>A rendition's transcoder as status pages and the admin API show it.</summary>
/// <param name="Phase">Where it is.</param>
/// <param name="SinceUtc">When it got there.</param>
/// <param name="ProcessId">The running ffmpeg's process id, while <see cref="TranscoderPhase.Running"/>.</param>
/// <param name="Starts">ffmpeg processes started so far.</param>
/// <param name="Failures">Runs that ended because of ffmpeg (crash, stall, garbage) so far.</param>
/// <param name="Reason">Why it is not running, or why the last run ended; empty when nothing went wrong.</param>
public sealed record TranscoderStatus(TranscoderPhase Phase, DateTime SinceUtc, int? ProcessId, int Starts, int Failures, string Reason);
