using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Clips;

/// <summary>Plans a clip of a channel for a UTC window from archived segments and the rewind buffer, cut at frame boundaries, without re-encoding.</summary>
/// <remarks>
/// Archived segments are preferred; buffer chunks fill in what the archive does not hold yet (the open segment) or at all.
/// Segments and chunks cut by the window's edges are re-framed and trimmed to the frames whose middle lies inside the
/// window, so the clip plays the requested duration within one frame. A clip has one codec, the first piece's: where the
/// channel changed codec inside the window the clip ends, and the rest of the window is reported as a gap.
/// </remarks>
public sealed class ClipPlanner(IArchive? archive)
{
    /// <summary>Silence shorter than this between pieces is not reported as a gap.</summary>
    public static readonly TimeSpan GapTolerance = TimeSpan.FromMilliseconds(100);

    private static readonly AudioFramerOptions Framing = new() { RequiredConsecutiveFrames = 1 };

    /// <summary>The plan for [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), or null when nothing at all is held for the window.</summary>
    public async Task<ClipPlan?> PlanAsync(LiveChannel channel, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var from = fromUtc.ToUniversalTime().Ticks;
        var to = toUtc.ToUniversalTime().Ticks;
        var segments = archive is null || from >= to
            ? []
            : await archive.QueryAsync(channel.Id, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
        var units = segments.Select(s => new Unit(s.StartTicks, s.EndTicks, s, 0, AudioContentTypes.FromFileExtension(Path.GetExtension(s.Path)))).ToList();
        units.AddRange(BufferUnits(channel.Buffer, from, to, segments));
        units.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks));

        var pieces = new List<ClipPiece>();
        var gaps = new List<ClipGap>();
        var cursor = from;
        long first = -1, last = -1;
        var format = AudioFormat.Unknown;
        foreach (var unit in units)
        {
            if (unit.StartTicks < cursor - GapTolerance.Ticks && first >= 0)
            {
                continue;
            }

            if (unit.Format == AudioFormat.Unknown)
            {
                continue;
            }

            if (first >= 0 && unit.Format != format)
            {
                break;
            }

            var piece = unit.StartTicks >= from && unit.EndTicks <= to
                ? new Trimmed(0, Length(unit), unit.StartTicks, unit.EndTicks)
                : await TrimAsync(channel, unit, from, to, cancellationToken).ConfigureAwait(false);
            if (piece is not { Length: > 0 } trimmed)
            {
                continue;
            }

            if (trimmed.StartTicks - cursor > GapTolerance.Ticks)
            {
                gaps.Add(new ClipGap(new DateTime(cursor, DateTimeKind.Utc), new DateTime(trimmed.StartTicks, DateTimeKind.Utc)));
            }

            pieces.Add(new ClipPiece(unit.Segment, unit.Seq, trimmed.Offset, trimmed.Length));
            format = unit.Format;
            first = first < 0 ? trimmed.StartTicks : first;
            last = trimmed.EndTicks;
            cursor = Math.Max(cursor, trimmed.EndTicks);
        }

        if (pieces.Count == 0)
        {
            return null;
        }

        if (to - cursor > GapTolerance.Ticks)
        {
            gaps.Add(new ClipGap(new DateTime(cursor, DateTimeKind.Utc), new DateTime(to, DateTimeKind.Utc)));
        }

        return new ClipPlan(pieces, new DateTime(first, DateTimeKind.Utc), new DateTime(last, DateTimeKind.Utc), gaps, format);
    }

    /// <summary>Chunks of the buffer overlapping the window that no archived segment holds.</summary>
    private static List<Unit> BufferUnits(RewindBuffer buffer, long from, long to, IReadOnlyList<ArchiveSegmentRecord> segments)
    {
        var units = new List<Unit>();
        var lookup = buffer.FindByTime(new DateTime(from, DateTimeKind.Utc));
        if (lookup.Outcome is TimeLookupOutcome.Empty or TimeLookupOutcome.AfterNewest)
        {
            return units;
        }

        var archived = segments.Select(s => (s.FirstSeq, s.LastSeq)).OrderBy(r => r.FirstSeq).ToArray();
        var seq = lookup.Seq;
        while (buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available && header.StartTicks < to)
        {
            if (header.EndTicks > from && !IsArchived(archived, header.Seq))
            {
                units.Add(new Unit(header.StartTicks, header.EndTicks, null, header.Seq, header.Format) { PayloadLength = header.PayloadLength });
            }

            seq = header.Seq + 1;
        }

        return units;
    }

    private static bool IsArchived((long First, long Last)[] archived, long seq)
    {
        int low = 0, high = archived.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (archived[middle].Last < seq)
            {
                low = middle + 1;
            }
            else if (archived[middle].First > seq)
            {
                high = middle - 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static long Length(Unit unit) => unit.Segment?.Bytes ?? unit.PayloadLength;

    /// <summary>The frames of a unit whose middle lies in [from, to), as one byte range with its times.</summary>
    private async Task<Trimmed?> TrimAsync(LiveChannel channel, Unit unit, long from, long to, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(channel.Buffer, unit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        if (unit.Format == AudioFormat.MpegTs)
        {
            var middle = unit.StartTicks + ((unit.EndTicks - unit.StartTicks) / 2);
            return middle >= from && middle < to ? new Trimmed(0, bytes.Length, unit.StartTicks, unit.EndTicks) : null;
        }

        var framer = new AudioFramer(Framing);
        var sequence = new ReadOnlySequence<byte>(bytes);
        long samples = 0;
        long offset = -1, end = 0, start = 0, stop = 0;
        while (framer.Read(ref sequence, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            var frameStart = unit.StartTicks + SampleDuration.ToTicks(samples, frame.SampleRate);
            samples += frame.Samples;
            var frameEnd = unit.StartTicks + SampleDuration.ToTicks(samples, frame.SampleRate);
            var middle = frameStart + ((frameEnd - frameStart) / 2);
            if (middle < from)
            {
                continue;
            }

            if (middle >= to)
            {
                break;
            }

            if (offset < 0)
            {
                offset = frame.StreamOffset;
                start = frameStart;
            }

            end = frame.StreamOffset + frame.Length;
            stop = frameEnd;
        }

        return offset < 0 ? null : new Trimmed(offset, end - offset, start, stop);
    }

    private async Task<byte[]?> ReadAsync(RewindBuffer buffer, Unit unit, CancellationToken cancellationToken)
    {
        if (unit.Segment is { } segment)
        {
            var stream = archive!.OpenRead(segment);
            await using (stream.ConfigureAwait(false))
            {
                var bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                return bytes;
            }
        }

        if (buffer.TryRead(unit.Seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq != unit.Seq)
        {
            return null;
        }

        var copy = payload.ToArray();
        return buffer.IsPayloadIntact(unit.Seq) ? copy : null;
    }

    private sealed record Unit(long StartTicks, long EndTicks, ArchiveSegmentRecord? Segment, long Seq, AudioFormat Format)
    {
        public int PayloadLength { get; init; }
    }

    private readonly record struct Trimmed(long Offset, long Length, long StartTicks, long EndTicks);
}
