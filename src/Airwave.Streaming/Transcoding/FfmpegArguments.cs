using System.Globalization;
using Airwave.Media;

namespace Airwave.Streaming.Transcoding;

/// <summary>The ffmpeg command lines the transcoders run: bytes in on stdin, the encoded stream out on stdout, warnings on stderr.</summary>
public static class FfmpegArguments
{
    /// <summary>ffmpeg's demuxer for a channel's chunks.</summary>
    public static string InputFormat(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => "mp3",
        AudioFormat.Aac => "aac",
        AudioFormat.MpegTs => "mpegts",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no ffmpeg demuxer for this format"),
    };

    /// <summary>Re-encodes a channel's audio (or, for h264, its picture and sound) into <paramref name="encoding"/>, written to stdout as a stream.</summary>
    /// <param name="encoding">What to make.</param>
    /// <param name="input">The format of the source channel's chunks.</param>
    /// <param name="origin">When the run's first chunk starts (UTC).</param>
    /// <param name="segmentDuration">The channel's HLS segment duration: video gets a keyframe on every multiple of it in UTC, where the segments of every channel of a group are cut.</param>
    public static IReadOnlyList<string> ForEncoding(TranscodeEncoding encoding, AudioFormat input, DateTime origin, TimeSpan segmentDuration)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var segmentTicks = Math.Max(segmentDuration.Ticks, TimeSpan.TicksPerSecond);
        var arguments = Input(encoding, input);
        AddCodecs(arguments, encoding, TimeSpan.FromTicks((segmentTicks - (origin.Ticks % segmentTicks)) % segmentTicks), TimeSpan.FromTicks(segmentTicks));

        // Every packet is written as soon as it is encoded; an MP3 gets neither an ID3 tag nor a Xing frame, which in
        // the middle of a live stream would be a frame of silence or garbage to the framer.
        arguments.AddRange(encoding.Codec switch
        {
            TranscodeCodec.Aac => ["-f", "adts", "-flush_packets", "1", "pipe:1"],
            TranscodeCodec.Mp3 => ["-f", "mp3", "-write_xing", "0", "-id3v2_version", "0", "-flush_packets", "1", "pipe:1"],
            _ => ["-f", "mpegts", "-muxdelay", "0", "-flush_packets", "1", "pipe:1"],
        });
        return arguments;
    }

    /// <summary>
    /// One run of a transcode session: re-encodes the bytes on stdin into MPEG-TS segments <c>r&lt;run&gt;-&lt;N&gt;.ts</c>
    /// numbered from the run's first place on the session's grid, listed in <c>run-&lt;run&gt;.m3u8</c> as each is finished.
    /// </summary>
    /// <param name="encoding">What to make.</param>
    /// <param name="input">The format of the channel's audio.</param>
    /// <param name="directory">The session's directory.</param>
    /// <param name="run">Which run, where on the grid it starts, and how the fed bytes line up with it.</param>
    /// <param name="segmentDuration">The segments' length (video gets a keyframe at each).</param>
    public static IReadOnlyList<string> ForSession(TranscodeEncoding encoding, AudioFormat input, string directory, TranscodeRun run, TimeSpan segmentDuration)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(run);
        var arguments = Input(encoding, input);
        if (run.Trim > TimeSpan.Zero)
        {
            // Decoded and dropped: the feed starts at the chunk or frame before the wanted place.
            arguments.AddRange(["-ss", Seconds(run.Trim)]);
        }

        AddCodecs(arguments, encoding, TimeSpan.Zero, segmentDuration);
        arguments.AddRange(
        [
            // Timestamps continue the session's timeline, so a player joining segments of different runs plays them in place.
            "-output_ts_offset", Seconds(run.Offset),
            "-f", "hls", "-hls_time", Seconds(segmentDuration), "-hls_list_size", "0", "-hls_playlist_type", "event",
            "-start_number", Whole(run.FirstSegment), "-hls_segment_type", "mpegts", "-hls_flags", "temp_file",
            "-hls_segment_filename", Path.Combine(directory, run.SegmentPattern), Path.Combine(directory, run.Playlist),
        ]);
        return arguments;
    }

    private static List<string> Input(TranscodeEncoding encoding, AudioFormat input) =>
    [
        "-hide_banner", "-loglevel", "warning", "-nostats",
        // The chunks arrive in real time: probing a few frames is enough, and waiting to fill ffmpeg's default
        // 5 MB probe would hold the first output back by seconds. Not -fflags +nobuffer: it drops the packets read
        // while probing, which lost the first 1.3 s of every archive window fed at once.
        "-probesize", encoding.Codec == TranscodeCodec.H264 ? "500000" : "32768",
        "-f", InputFormat(input), "-i", "pipe:0",
    ];

    private static void AddCodecs(List<string> arguments, TranscodeEncoding encoding, TimeSpan firstKeyframe, TimeSpan keyframeInterval)
    {
        if (encoding.Codec == TranscodeCodec.H264)
        {
            AddVideo(arguments, encoding, firstKeyframe, keyframeInterval);
        }
        else
        {
            arguments.AddRange(["-map", "0:a:0", "-vn"]);
        }

        var audioKbps = encoding.Codec == TranscodeCodec.H264 ? encoding.AudioBitrateKbps : encoding.BitrateKbps;
        arguments.AddRange(["-c:a", encoding.Codec == TranscodeCodec.Mp3 ? "libmp3lame" : "aac", "-b:a", Kilo(audioKbps)]);
        if (encoding.Channels > 0)
        {
            arguments.AddRange(["-ac", Whole(encoding.Channels)]);
        }

        if (encoding.SampleRate > 0)
        {
            arguments.AddRange(["-ar", Whole(encoding.SampleRate)]);
        }
    }

    /// <summary>
    /// libx264 at the encoding's height and bitrate, without lookahead (it would hold a second and a half back), with a
    /// keyframe at <paramref name="firstKeyframe"/> and every <paramref name="keyframeInterval"/> after, and nowhere
    /// else decided by scene cuts, so segments start where the grid says.
    /// </summary>
    private static void AddVideo(List<string> arguments, TranscodeEncoding encoding, TimeSpan firstKeyframe, TimeSpan keyframeInterval) =>
        arguments.AddRange(
        [
            "-map", "0:v:0", "-map", "0:a:0?",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
            "-vf", "scale=-2:" + Whole(encoding.Height),
            "-b:v", Kilo(encoding.BitrateKbps), "-maxrate", Kilo(encoding.BitrateKbps), "-bufsize", Kilo(encoding.BitrateKbps * 2),
            "-force_key_frames", $"expr:gte(t,{Seconds(firstKeyframe)}+n_forced*{Seconds(keyframeInterval)})", "-sc_threshold", "0",
        ]);

    /// <summary>
    /// Seconds to the tick. Rounded to the millisecond, a forced keyframe's place was up to half a millisecond before
    /// the UTC grid, and a frame there became a segment that started before it.
    /// </summary>
    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture);

    private static string Kilo(int kbps) => kbps.ToString(CultureInfo.InvariantCulture) + "k";

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);
}
