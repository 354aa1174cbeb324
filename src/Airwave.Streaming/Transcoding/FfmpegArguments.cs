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

    /// <summary>Re-encodes a channel's audio into <paramref name="rendition"/>.</summary>
    /// <param name="rendition">What to make.</param>
    /// <param name="input">The format of the source channel's chunks.</param>
    public static IReadOnlyList<string> ForRendition(RenditionSettings rendition, AudioFormat input)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "warning", "-nostats",
            // The chunks arrive in real time: probing a few frames is enough, and waiting to fill ffmpeg's default
            // 5 MB probe would hold the first output back by seconds.
            "-probesize", "32768", "-fflags", "+nobuffer",
            "-f", InputFormat(input), "-i", "pipe:0",
            "-map", "0:a:0", "-vn",
        };
        if (rendition.Codec == RenditionCodec.Aac)
        {
            arguments.AddRange(["-c:a", "aac"]);
        }
        else
        {
            arguments.AddRange(["-c:a", "libmp3lame"]);
        }

        arguments.AddRange(["-b:a", rendition.BitrateKbps.ToString(CultureInfo.InvariantCulture) + "k"]);
        if (rendition.Channels > 0)
        {
            arguments.AddRange(["-ac", rendition.Channels.ToString(CultureInfo.InvariantCulture)]);
        }

        if (rendition.SampleRate > 0)
        {
            arguments.AddRange(["-ar", rendition.SampleRate.ToString(CultureInfo.InvariantCulture)]);
        }

        // Every packet is written as soon as it is encoded; an MP3 gets neither an ID3 tag nor a Xing frame, which in
        // the middle of a live stream would be a frame of silence or garbage to the framer.
        arguments.AddRange(rendition.Codec == RenditionCodec.Aac
            ? ["-f", "adts", "-flush_packets", "1", "pipe:1"]
            : ["-f", "mp3", "-write_xing", "0", "-id3v2_version", "0", "-flush_packets", "1", "pipe:1"]);
        return arguments;
    }
}
