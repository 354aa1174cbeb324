using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Archive;

/// <summary>Refills an empty rewind buffer from the archive at start (when no dump survived, e.g. after a crash), so rewind outlives the process.</summary>
/// <remarks>
/// Each archived segment is re-framed and cut into at most <c>LastSeq - FirstSeq + 1</c> chunks numbered inside that range,
/// timed from the segment's start plus the samples before them, so sequence numbers and times match what listeners saw.
/// Run on the channel actor's turn before anything else is appended.
/// </remarks>
public sealed class ArchiveRefill(IArchive archive, ILogger<ArchiveRefill> log)
{
    private static readonly AudioFramerOptions Framing = new() { RequiredConsecutiveFrames = 1 };

    /// <summary>Appends the archived chunks of the last <see cref="Rewind.RewindBuffer.MaxDuration"/> before <paramref name="nowUtc"/>; returns how many.</summary>
    public async Task<int> RefillAsync(LiveChannel channel, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var from = nowUtc - channel.Buffer.MaxDuration;
        IReadOnlyList<ArchiveSegmentRecord> segments;
        try
        {
            segments = await archive.QueryAsync(channel.Id, from, nowUtc.AddDays(1), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            log.LogWarning(e, "could not read the archive index to refill {Mount}; starting with an empty rewind buffer", channel.Settings.Mount);
            return 0;
        }

        var appended = 0;
        var previousEnd = 0L;
        foreach (var segment in segments.OrderBy(s => s.MediaSequence))
        {
            byte[] bytes;
            try
            {
                var stream = archive.OpenRead(segment);
                await using (stream.ConfigureAwait(false))
                {
                    bytes = new byte[stream.Length];
                    await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning("archived segment {Path} is unreadable ({Reason}); skipped in the refill of {Mount}", segment.Path, e.Message, channel.Settings.Mount);
                continue;
            }

            var discontinuity = segment.Discontinuity || Math.Abs(segment.StartTicks - previousEnd) > TimeSpan.TicksPerMillisecond * 100;
            appended += Append(channel, segment, bytes, discontinuity, from.Ticks);
            previousEnd = segment.EndTicks;
        }

        if (appended > 0)
        {
            log.LogInformation("refilled {Chunks} chunks of {Mount} from {Segments} archived segments", appended, channel.Settings.Mount, segments.Count);
        }

        return appended;
    }

    private static int Append(LiveChannel channel, ArchiveSegmentRecord segment, byte[] bytes, bool discontinuity, long oldestKeptTicks)
    {
        var appended = 0;
        foreach (var (header, offset) in Cut(segment, bytes, discontinuity))
        {
            if (header.EndTicks <= oldestKeptTicks)
            {
                continue;
            }

            try
            {
                channel.Buffer.Append(header, bytes.AsSpan(offset, header.PayloadLength));
                appended++;
            }
            catch (ArgumentException)
            {
                // Out of order with what is already held (overlapping segments): keep the earlier one.
            }
        }

        if (appended > 0 && channel.Stream is null && Describe(channel, bytes) is { } stream)
        {
            channel.Stream = stream;
        }

        return appended;
    }

    /// <summary>The chunks of one archived segment: frames grouped so that at most as many chunks as the segment had come out.</summary>
    public static IReadOnlyList<(ChunkHeader Header, int Offset)> Cut(ArchiveSegmentRecord segment, byte[] bytes, bool discontinuity)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(bytes);
        var markers = discontinuity ? ChunkMarkers.Discontinuity : ChunkMarkers.None;
        if (segment.Path.EndsWith(".ts", StringComparison.Ordinal))
        {
            // TS segments start at a random access point; audio chunks carry no such marker (every one is).
            return [(new ChunkHeader(segment.FirstSeq, segment.StartTicks, segment.DurationTicks, markers | ChunkMarkers.RandomAccess, 0, bytes.Length), 0)];
        }

        var frames = Frames(bytes);
        var totalSamples = frames.Sum(f => (long)f.Samples);
        var slots = segment.LastSeq - segment.FirstSeq + 1;
        var chunks = new List<(ChunkHeader, int)>();
        long samplesBefore = 0;
        var i = 0;
        while (i < frames.Count && totalSamples > 0)
        {
            var group = samplesBefore * slots / totalSamples;
            var first = i;
            var groupSamples = 0L;
            while (i < frames.Count && (samplesBefore + groupSamples) * slots / totalSamples == group && frames[i].SampleRate == frames[first].SampleRate)
            {
                groupSamples += frames[i].Samples;
                i++;
            }

            var rate = frames[first].SampleRate;
            var start = segment.StartTicks + SampleDuration.ToTicks(samplesBefore, rate);
            var end = segment.StartTicks + SampleDuration.ToTicks(samplesBefore + groupSamples, rate);
            var length = frames[i - 1].Offset + frames[i - 1].Length - frames[first].Offset;
            chunks.Add((new ChunkHeader(segment.FirstSeq + group, start, end - start, chunks.Count == 0 ? markers : ChunkMarkers.None, 0, length), frames[first].Offset));
            samplesBefore += groupSamples;
        }

        return chunks;
    }

    private static List<(int Offset, int Length, int Samples, int SampleRate)> Frames(byte[] bytes)
    {
        var framer = new AudioFramer(Framing);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<(int, int, int, int)>();
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            frames.Add(((int)frame.StreamOffset, frame.Length, frame.Samples, frame.SampleRate));
        }

        return frames;
    }

    private static StreamInfo? Describe(LiveChannel channel, byte[] bytes)
    {
        var framer = new AudioFramer(Framing);
        var buffer = new ReadOnlySequence<byte>(bytes);
        if (framer.Read(ref buffer, isCompleted: true, out var frame) != AudioFramerStatus.Frame)
        {
            return null;
        }

        var settings = channel.Settings;
        return new StreamInfo(frame.Format, settings.StreamName, settings.Description, settings.Genre, settings.Url, frame.Bitrate / 1000, frame.SampleRate, frame.Channels, settings.Public);
    }
}
