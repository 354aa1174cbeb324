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
    /// <param name="segmentDuration">The channel's HLS segment duration: a video rendition gets a keyframe on every multiple of it in UTC, where the segments of every channel of a group are cut.</param>
    public static IReadOnlyList<string> ForEncoding(TranscodeEncoding encoding, AudioFormat input, DateTime origin, TimeSpan segmentDuration)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "warning", "-nostats",
            // The chunks arrive in real time: probing a few frames is enough, and waiting to fill ffmpeg's default
            // 5 MB probe would hold the first output back by seconds.
            "-probesize", encoding.Codec == TranscodeCodec.H264 ? "500000" : "32768", "-fflags", "+nobuffer",
            "-f", InputFormat(input), "-i", "pipe:0",
        };
        if (encoding.Codec == TranscodeCodec.H264)
        {
            AddVideo(arguments, encoding, origin, segmentDuration);
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
    /// libx264 at the rendition's height and bitrate, without lookahead (it would hold a second and a half back), with a
    /// keyframe wherever the UTC segment grid falls and nowhere else decided by scene cuts, so the rendition's segments
    /// start where its source's and its siblings' do.
    /// </summary>
    private static void AddVideo(List<string> arguments, TranscodeEncoding encoding, DateTime origin, TimeSpan segmentDuration)
    {
        var segmentTicks = Math.Max(segmentDuration.Ticks, TimeSpan.TicksPerSecond);
        var untilGrid = (segmentTicks - (origin.Ticks % segmentTicks)) % segmentTicks;
        var seconds = (double)segmentTicks / TimeSpan.TicksPerSecond;
        var first = (double)untilGrid / TimeSpan.TicksPerSecond;
        arguments.AddRange(
        [
            "-map", "0:v:0", "-map", "0:a:0?",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
            "-vf", "scale=-2:" + Whole(encoding.Height),
            "-b:v", Kilo(encoding.BitrateKbps), "-maxrate", Kilo(encoding.BitrateKbps), "-bufsize", Kilo(encoding.BitrateKbps * 2),
            "-force_key_frames", FormattableString.Invariant($"expr:gte(t,{first:0.###}+n_forced*{seconds:0.###})"), "-sc_threshold", "0",
        ]);
    }

    private static string Kilo(int kbps) => kbps.ToString(CultureInfo.InvariantCulture) + "k";

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);
}
