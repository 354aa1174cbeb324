using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Channels;

/// <summary>Works out what a channel restored from its dump or archive is serving, so listeners and HLS get the right format before a source returns.</summary>
public static class RestoredStreamInfo
{
    /// <summary>The stream the newest held chunk belongs to, or null when nothing is held or it is not recognisable.</summary>
    public static StreamInfo? Infer(LiveChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty || channel.Buffer.TryRead(held.LastSeq, out var header, out var payload) != ChunkReadStatus.Available)
        {
            return null;
        }

        var settings = channel.Settings;
        var averageKbps = header.DurationTicks > 0 ? (int)(header.PayloadLength * 8.0 / header.Duration.TotalSeconds / 1000) : 0;
        if (header.Format == AudioFormat.MpegTs)
        {
            return new StreamInfo(AudioFormat.MpegTs, settings.StreamName, settings.Description, settings.Genre, settings.Url, averageKbps, 0, 0, settings.Public);
        }

        var bytes = new ReadOnlySequence<byte>(payload);
        if (new AudioFramer().Read(ref bytes, isCompleted: true, out var frame) != AudioFramerStatus.Frame)
        {
            return null;
        }

        var kbps = frame.Format == AudioFormat.Mp3 && frame.Bitrate > 0 ? frame.Bitrate / 1000 : averageKbps;
        return new StreamInfo(frame.Format, settings.StreamName, settings.Description, settings.Genre, settings.Url, kbps, frame.SampleRate, frame.Channels, settings.Public);
    }
}
