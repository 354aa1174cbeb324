using System.Globalization;

namespace Airwave.Streaming.Transcoding;

/// <summary>One ffmpeg process of a transcode session: a session starts one, and a seek past what is written starts another.</summary>
/// <param name="Number">The run's number in its session; its files carry it, so no run overwrites another's segment.</param>
/// <param name="FirstSegment">The place on the session's grid its first segment takes.</param>
/// <param name="Trim">How much of the fed audio comes before that place (the feed starts at a whole chunk or frame).</param>
/// <param name="Offset">Where in the session the audio after the trim is: its timestamps start there.</param>
public sealed record TranscodeRun(int Number, int FirstSegment, TimeSpan Trim, TimeSpan Offset)
{
    /// <summary>ffmpeg's <c>-hls_segment_filename</c> pattern.</summary>
    public string SegmentPattern => string.Create(CultureInfo.InvariantCulture, $"r{Number}-%d.ts");

    /// <summary>The playlist ffmpeg keeps for this run (read by the session, never served).</summary>
    public string Playlist => string.Create(CultureInfo.InvariantCulture, $"run-{Number}.m3u8");
}
