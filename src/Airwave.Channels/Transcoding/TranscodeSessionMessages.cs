namespace Airwave.Channels.Transcoding;

/// <summary>Stop a transcode session: ffmpeg goes; its owner removes the files.</summary>
/// <param name="Reason">Why, for the log and the API.</param>
public sealed record StopTranscodeSession(string Reason);

/// <summary>Ask a transcode session for segment <paramref name="Number"/>; answered with a <see cref="TranscodeSegmentAnswer"/> once it is written (transcoding it first when needed) or cannot be.</summary>
public sealed record WantTranscodeSegment(int Number);

/// <summary>A segment's file, or why there is none.</summary>
public sealed record TranscodeSegmentAnswer(string? Path, string Problem);

/// <summary>Ask a transcode session for its playlist from segment <paramref name="First"/> on (a string); a place not written starts ffmpeg there.</summary>
public sealed record WantTranscodePlaylist(int First);
