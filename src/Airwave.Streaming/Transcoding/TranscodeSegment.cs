namespace Airwave.Streaming.Transcoding;

/// <summary>One segment a transcode session holds: its place on the session's grid, the file the ffmpeg run that made it wrote, and its length.</summary>
/// <param name="Number">Its place: segment N starts N segment-durations after the session's origin.</param>
/// <param name="File">The file's name in the session's directory.</param>
/// <param name="Seconds">Its length as ffmpeg wrote it (within a frame of the segment duration, except at the end).</param>
public readonly record struct TranscodeSegment(int Number, string File, double Seconds);
