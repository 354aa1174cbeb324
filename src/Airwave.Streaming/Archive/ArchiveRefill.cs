using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Archive;

/// <summary>
/// Refills the rewind buffer from the archive at start with what no dump holds: everything when no dump survived, the
/// audio newer than the restored dump after a crash, so rewind outlives the process.
/// </summary>
/// <remarks>
/// Each archived segment is re-framed and cut into at most <c>LastSeq - FirstSeq + 1</c> chunks numbered inside that range,
/// timed from the segment's start plus the samples before them, so sequence numbers and times match what listeners saw.
/// What the buffer already holds is left out by sequence number and by time, frame by frame, so the archive's chunks
/// follow the dump's without a gap or a repeat. Run on the channel actor's turn before anything else is appended.
/// </remarks>
public sealed class ArchiveRefill(IArchive archive, ILogger<ArchiveRefill> log)
{
    private static readonly AudioFramerOptions Framing = new() { RequiredConsecutiveFrames = 1 };
    private static readonly long SeamlessTicks = TimeSpan.TicksPerMillisecond * 100;

    /// <summary>
    /// Appends the archived chunks of the last <see cref="Rewind.RewindBuffer.MaxDuration"/> before <paramref name="nowUtc"/>
    /// that are newer than the buffer's newest chunk (all of them when it is empty); returns how many.
    /// </summary>
    public async Task<int> RefillAsync(LiveChannel channel, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var oldestKept = nowUtc - channel.Buffer.MaxDuration;
        var held = channel.Buffer.Snapshot();
        var from = held.IsEmpty || held.NewestUtc < oldestKept ? oldestKept : held.NewestUtc;
        IReadOnlyList<ArchiveSegmentRecord> segments;
        try
        {
            segments = await archive.QueryAsync(channel.Id, from, nowUtc.AddDays(1), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            log.LogWarning(e, "could not read the archive index to refill {Mount}; starting with what the rewind buffer holds", channel.Settings.Mount);
            return 0;
        }

        var appended = 0;
        var used = 0;
        var previousEnd = held.IsEmpty ? 0L : held.NewestEndTicks;
        foreach (var segment in segments.OrderBy(s => s.FirstSeq).ThenBy(s => s.MediaSequence))
        {
            var newest = channel.Buffer.Snapshot();
            if (segment.LastSeq <= newest.LastSeq || (!newest.IsEmpty && segment.EndTicks <= newest.NewestEndTicks))
            {
                // Held already (the dump's part, or an overlapping segment): not worth reading.
                continue;
            }

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

            var discontinuity = segment.Discontinuity || Math.Abs(segment.StartTicks - previousEnd) > SeamlessTicks;
            var added = Append(channel, segment, bytes, discontinuity, oldestKept.Ticks);
            appended += added;
            used += added > 0 ? 1 : 0;
            previousEnd = segment.EndTicks;
        }

        if (appended > 0)
        {
            if (held.IsEmpty)
            {
                log.LogInformation("refilled {Chunks} chunks of {Mount} from {Segments} archived segments", appended, channel.Settings.Mount, used);
            }
            else
            {
                log.LogInformation(
                    "refilled {Chunks} chunks of {Mount} newer than its rewind dump (which ends at {DumpEnd:O}) from {Segments} archived segments",
                    appended, channel.Settings.Mount, held.NewestUtc, used);
            }
        }

        return appended;
    }

    private static int Append(LiveChannel channel, ArchiveSegmentRecord segment, byte[] bytes, bool discontinuity, long oldestKeptTicks)
    {
        var held = channel.Buffer.Snapshot();
        var appended = 0;
        foreach (var (header, offset) in Cut(segment, bytes, discontinuity, held.LastSeq, held.IsEmpty ? 0 : held.NewestEndTicks))
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
                // Starts before the newest held chunk (frames of very different lengths on either side): keep what is held.
            }
        }

        return appended;
    }

    /// <summary>
    /// The chunks of one archived segment that come after chunk <paramref name="afterSeq"/> ending at <paramref name="afterTicks"/>:
    /// numbered above <paramref name="afterSeq"/> inside the segment's range, from the first frame whose middle lies past
    /// <paramref name="afterTicks"/>, grouped so that at most as many chunks as the segment had numbers left come out.
    /// </summary>
    /// <param name="segment">The segment as indexed.</param>
    /// <param name="bytes">Its file.</param>
    /// <param name="discontinuity">Whether the segment's first frame does not continue what comes before it seamlessly.</param>
    /// <param name="afterSeq">The newest sequence number already held; -1 for none.</param>
    /// <param name="afterTicks">Where the audio already held ends (UTC ticks); 0 for none.</param>
    public static IReadOnlyList<(ChunkHeader Header, int Offset)> Cut(ArchiveSegmentRecord segment, byte[] bytes, bool discontinuity, long afterSeq = -1, long afterTicks = 0)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(bytes);
        var firstSeq = Math.Max(segment.FirstSeq, afterSeq + 1);
        if (firstSeq > segment.LastSeq)
        {
            return [];
        }

        var markers = discontinuity ? ChunkMarkers.Discontinuity : ChunkMarkers.None;
        var format = AudioContentTypes.FromFileExtension(Path.GetExtension(segment.Path));
        if (format == AudioFormat.MpegTs)
        {
            // TS segments start at a random access point and are not re-cut: one the buffer holds part of is left out
            // rather than played twice. Audio chunks carry no such marker (every one is).
            return firstSeq > segment.FirstSeq || segment.StartTicks < afterTicks
                ? []
                : [(new ChunkHeader(segment.FirstSeq, segment.StartTicks, segment.DurationTicks, markers | ChunkMarkers.RandomAccess, 0, bytes.Length, format), 0)];
        }

        var frames = Frames(bytes);
        var i = 0;
        long samplesBefore = 0;
        while (i < frames.Count && segment.StartTicks + SampleDuration.ToTicks(samplesBefore + (frames[i].Samples / 2), frames[i].SampleRate) < afterTicks)
        {
            samplesBefore += frames[i].Samples;
            i++;
        }

        if (i > 0)
        {
            // The frames left out are the newest held chunk's own audio: what follows continues it seamlessly.
            markers = ChunkMarkers.None;
        }

        var skippedSamples = samplesBefore;
        var keptSamples = frames.Skip(i).Sum(f => (long)f.Samples);
        var slots = segment.LastSeq - firstSeq + 1;
        var chunks = new List<(ChunkHeader, int)>();
        while (i < frames.Count && keptSamples > 0)
        {
            var group = (samplesBefore - skippedSamples) * slots / keptSamples;
            var first = i;
            var groupSamples = 0L;
            while (i < frames.Count && (samplesBefore - skippedSamples + groupSamples) * slots / keptSamples == group && frames[i].SampleRate == frames[first].SampleRate)
            {
                groupSamples += frames[i].Samples;
                i++;
            }

            var rate = frames[first].SampleRate;
            var start = segment.StartTicks + SampleDuration.ToTicks(samplesBefore, rate);
            var end = segment.StartTicks + SampleDuration.ToTicks(samplesBefore + groupSamples, rate);
            var length = frames[i - 1].Offset + frames[i - 1].Length - frames[first].Offset;
            chunks.Add((new ChunkHeader(firstSeq + group, start, end - start, chunks.Count == 0 ? markers : ChunkMarkers.None, 0, length, format), frames[first].Offset));
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
}
