using System.Globalization;
using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Transcoding;

/// <summary>Reads a channel's <c>renditions = [ { name = aac64, codec = aac, bitrate = 64k }, … ]</c>.</summary>
public static class RenditionSettingsReader
{
    private const int MaxNameLength = 40;

    /// <summary>The renditions of channel <paramref name="channel"/>, in configured order.</summary>
    /// <param name="list">The channel's <c>renditions</c> section.</param>
    /// <param name="channel">The source channel's id.</param>
    /// <exception cref="ConfigurationValueException">A rendition is malformed; the message names the key and where it was set.</exception>
    public static IReadOnlyList<RenditionSettings> Read(IConfigurationSection list, string channel)
    {
        ArgumentNullException.ThrowIfNull(list);
        var renditions = new List<RenditionSettings>();
        foreach (var section in list.GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
        {
            var rendition = ReadOne(section, channel);
            if (renditions.Any(r => r.Name == rendition.Name))
            {
                throw section.InvalidValue("name", $"\"{rendition.Name}\" names two renditions of {channel}; give each its own name");
            }

            renditions.Add(rendition);
        }

        return renditions;
    }

    private static RenditionSettings ReadOne(IConfigurationSection section, string channel)
    {
        var name = section["name"] ?? "";
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw section.InvalidValue("name", $"\"{name}\" is not a rendition name: 1 to {MaxNameLength} letters, digits, '-' or '_' (it becomes the mount /{channel}-<name>)");
        }

        return new RenditionSettings(name, channel, ReadEncoding(section));
    }

    /// <summary>The encoding keys of a rendition or a transcode profile: <c>codec</c>, <c>bitrate</c>, <c>channels</c>, <c>sample-rate</c>, and for h264 <c>height</c> and <c>audio-bitrate</c>.</summary>
    /// <exception cref="ConfigurationValueException">A key is malformed.</exception>
    public static TranscodeEncoding ReadEncoding(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var codec = (section["codec"] ?? "").ToLowerInvariant() switch
        {
            "aac" => TranscodeCodec.Aac,
            "mp3" => TranscodeCodec.Mp3,
            "h264" or "libx264" => TranscodeCodec.H264,
            var other => throw section.InvalidValue("codec", $"\"{other}\" is not a rendition codec: aac, mp3 or h264 (video, from an MPEG-TS channel)"),
        };
        var maxKbps = codec switch
        {
            TranscodeCodec.Mp3 => 320,
            TranscodeCodec.Aac => 512,
            _ => 20_000,
        };
        var bitrate = Bitrate(section, "bitrate", maxKbps);
        var channels = Whole(section, "channels", 0, 2, "0 (as the source), 1 or 2");
        var sampleRate = Whole(section, "sample-rate", 0, 96_000, "0 (as the source) or a rate in Hz such as 44100");
        if (sampleRate is > 0 and < 8_000)
        {
            throw section.InvalidValue("sample-rate", $"{sampleRate} Hz is too low; use 0 (as the source) or a rate in Hz such as 44100");
        }

        if (codec != TranscodeCodec.H264)
        {
            return new TranscodeEncoding(codec, bitrate, channels, sampleRate);
        }

        if (string.IsNullOrEmpty(section["height"]))
        {
            // Named at the codec, which is set and so has a file and line, where the missing key has none.
            throw section.InvalidValue("codec", "codec = h264 needs height = <pixels>: an even number from 72 to 2160, e.g. 240");
        }

        var height = Whole(section, "height", 0, 2160, "a picture height in pixels from 72 to 2160, e.g. 240");
        if (height < 72 || height % 2 != 0)
        {
            throw section.InvalidValue("height", $"\"{section["height"]}\" is not an even picture height from 72 to 2160 (an h264 rendition needs one, e.g. height = 240)");
        }

        var audio = string.IsNullOrEmpty(section["audio-bitrate"]) ? 64 : Bitrate(section, "audio-bitrate", 512);
        return new TranscodeEncoding(codec, bitrate, channels, sampleRate) { Height = height, AudioBitrateKbps = audio };
    }

    /// <summary>ffmpeg's notation: <c>64k</c> is 64 kbit/s; a bare number is bit/s.</summary>
    private static int Bitrate(IConfigurationSection section, string key, int maxKbps)
    {
        var text = (section[key] ?? "").Trim();
        var kbps = text.EndsWith('k') || text.EndsWith('K')
            ? int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits / 1000 : -1;
        return kbps is >= 8 && kbps <= maxKbps
            ? kbps
            : throw section.InvalidValue(key, $"\"{text}\" is not a bitrate from 8k to {maxKbps}k (write e.g. 64k)");
    }

    private static int Whole(IConfigurationSection section, string key, int min, int max, string expected)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw section.InvalidValue(key, $"\"{text}\" is not valid: {expected}");
    }
}
