using System.Buffers;
using Airwave.Media.Id3;
using Airwave.Media.Mp3;

namespace Airwave.Media.Framing;

/// <summary>
/// Cuts an MP3 or ADTS byte stream, fed in arbitrary chunks, into whole frames: sniffs the format, skips ID3 tags,
/// locks only after several consistent frames, resyncs after garbage and counts what it skipped.
/// </summary>
/// <remarks>
/// Use it like a PipeReader consumer: call <see cref="Read"/> until it stops returning
/// <see cref="AudioFramerStatus.Frame"/>, then <c>reader.AdvanceTo(buffer.Start, buffer.End)</c>. Emitted frames are
/// slices of the buffer (no copy, no allocation). One instance per stream; not thread-safe.
/// </remarks>
public sealed class AudioFramer
{
    private readonly AudioFramerOptions options;
    private long lockedKey;
    private long tagBytesRemaining;
    private bool everLocked;

    /// <summary>Creates a framer with the given options (defaults when null).</summary>
    public AudioFramer(AudioFramerOptions? options = null)
    {
        this.options = options ?? AudioFramerOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.RequiredConsecutiveFrames, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.SniffLimitBytes, nameof(options));
    }

    /// <summary>Format of the stream once locked (kept after a sync loss), <see cref="AudioFormat.Unknown"/> before.</summary>
    public AudioFormat Format { get; private set; }

    /// <summary>Whether the framer is currently locked onto a frame sequence.</summary>
    public bool IsLocked { get; private set; }

    /// <summary>Whether the stream was declared not MP3/ADTS; the framer emits nothing more until <see cref="Reset"/>.</summary>
    public bool IsNotAudio { get; private set; }

    /// <summary>Garbage bytes skipped while searching for sync (tags not included).</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Bytes skipped as ID3v2/ID3v1 tags.</summary>
    public long TagBytes { get; private set; }

    /// <summary>How many times a locked stream lost sync.</summary>
    public int SyncLosses { get; private set; }

    /// <summary>Bytes consumed from the stream so far (frames, tags and garbage).</summary>
    public long Position { get; private set; }

    private static ReadOnlySpan<byte> CandidateStarts => [0xFF, (byte)'I', (byte)'T'];

    /// <summary>
    /// Emits the next whole frame from <paramref name="buffer"/> and advances it past the frame and anything skipped.
    /// With <paramref name="isCompleted"/> set (the stream ended), what cannot complete a frame is skipped, so the rest
    /// is still searched and an incomplete remainder is dropped and counted as skipped.
    /// </summary>
    public AudioFramerStatus Read(ref ReadOnlySequence<byte> buffer, bool isCompleted, out AudioFrame frame)
    {
        frame = default;
        while (!IsNotAudio)
        {
            if (tagBytesRemaining > 0)
            {
                var skip = Math.Min(tagBytesRemaining, buffer.Length);
                Consume(ref buffer, skip);
                tagBytesRemaining -= skip;
                if (tagBytesRemaining > 0)
                {
                    return OutOfData(isCompleted);
                }
            }

            if (buffer.IsEmpty)
            {
                return OutOfData(isCompleted);
            }

            switch (Probe(buffer, isCompleted, out var candidate, out var tagLength))
            {
                case ProbeOutcome.Frame:
                    frame = Emit(ref buffer, candidate);
                    return AudioFramerStatus.Frame;
                case ProbeOutcome.Tag:
                    TagBytes += tagLength;
                    tagBytesRemaining = tagLength;
                    break;
                case ProbeOutcome.NeedMoreData when !isCompleted:
                    return AudioFramerStatus.NeedMoreData;
                case ProbeOutcome.ParametersChanged:
                    LoseSync();
                    break;
                default:
                    SkipToNextCandidate(ref buffer);
                    break;
            }
        }

        return AudioFramerStatus.NotAudio;
    }

    /// <summary>Forgets everything (for a new source on the same consumer).</summary>
    public void Reset()
    {
        lockedKey = 0;
        tagBytesRemaining = 0;
        everLocked = false;
        Format = AudioFormat.Unknown;
        IsLocked = false;
        IsNotAudio = false;
        SkippedBytes = 0;
        TagBytes = 0;
        SyncLosses = 0;
        Position = 0;
    }

    private ProbeOutcome Probe(in ReadOnlySequence<byte> buffer, bool isCompleted, out FrameCandidate candidate, out long tagLength)
    {
        candidate = default;
        tagLength = 0;
        Span<byte> head = stackalloc byte[Id3v2TagHeader.Length];
        head = head[..(int)Math.Min(buffer.Length, head.Length)];
        buffer.Slice(0, head.Length).CopyTo(head);

        switch (head[0])
        {
            case (byte)'I':
                if (head.Length < Id3v2TagHeader.Length)
                {
                    return IsPrefixOf(head, "ID3"u8) ? ProbeOutcome.NeedMoreData : ProbeOutcome.NotAFrame;
                }

                if (!Id3v2TagHeader.TryParse(head, out var id3))
                {
                    return ProbeOutcome.NotAFrame;
                }

                tagLength = id3.TotalSize;
                return ProbeOutcome.Tag;
            case (byte)'T':
                if (head.Length < 3)
                {
                    return IsPrefixOf(head, "TAG"u8) ? ProbeOutcome.NeedMoreData : ProbeOutcome.NotAFrame;
                }

                tagLength = Id3v1Tag.Length;
                return Id3v1Tag.StartsWithTag(head) ? ProbeOutcome.Tag : ProbeOutcome.NotAFrame;
            case 0xFF:
                return ProbeFrame(buffer, head, isCompleted, out candidate);
            default:
                return ProbeOutcome.NotAFrame;
        }
    }

    private ProbeOutcome ProbeFrame(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> head, bool isCompleted, out FrameCandidate candidate)
    {
        switch (FrameCandidate.TryParse(head, options.ExpectedFormat, out candidate))
        {
            case HeaderOutcome.TooShort:
                return ProbeOutcome.NeedMoreData;
            case HeaderOutcome.Invalid:
                return ProbeOutcome.NotAFrame;
        }

        if (IsLocked && candidate.ConsistencyKey != lockedKey)
        {
            return ProbeOutcome.ParametersChanged;
        }

        if (buffer.Length < candidate.FrameLength)
        {
            return ProbeOutcome.NeedMoreData;
        }

        return IsLocked ? ProbeOutcome.Frame : VerifyFollowingFrames(buffer, candidate, isCompleted);
    }

    /// <summary>Before locking, the headers of the next frames must be valid and consistent with the candidate.</summary>
    private ProbeOutcome VerifyFollowingFrames(in ReadOnlySequence<byte> buffer, in FrameCandidate first, bool isCompleted)
    {
        Span<byte> head = stackalloc byte[FrameCandidate.MaxHeaderLength];
        long offset = first.FrameLength;
        for (var verified = 1; verified < options.RequiredConsecutiveFrames; verified++)
        {
            var rest = buffer.Length - offset;
            if (rest <= 0)
            {
                // The stream ends within or right after the verified frames: nothing contradicts them.
                return isCompleted ? ProbeOutcome.Frame : ProbeOutcome.NeedMoreData;
            }

            var next = head[..(int)Math.Min(rest, head.Length)];
            buffer.Slice(offset, next.Length).CopyTo(next);
            if (next[0] != 0xFF)
            {
                return ProbeOutcome.NotAFrame;
            }

            switch (FrameCandidate.TryParse(next, options.ExpectedFormat, out var following))
            {
                case HeaderOutcome.TooShort:
                    return isCompleted ? ProbeOutcome.NotAFrame : ProbeOutcome.NeedMoreData;
                case HeaderOutcome.Invalid:
                    return ProbeOutcome.NotAFrame;
            }

            if (following.ConsistencyKey != first.ConsistencyKey)
            {
                return ProbeOutcome.NotAFrame;
            }

            offset += following.FrameLength;
        }

        return ProbeOutcome.Frame;
    }

    private AudioFrame Emit(ref ReadOnlySequence<byte> buffer, in FrameCandidate candidate)
    {
        var data = buffer.Slice(0, candidate.FrameLength);
        var infoTag = Mp3InfoTagKind.None;
        if (candidate.Format == AudioFormat.Mp3)
        {
            Span<byte> start = stackalloc byte[Mp3InfoTag.BytesNeeded];
            start = start[..(int)Math.Min(data.Length, start.Length)];
            data.Slice(0, start.Length).CopyTo(start);
            infoTag = Mp3InfoTag.Detect(start, candidate.Mp3Header);
        }

        if (!IsLocked)
        {
            IsLocked = true;
            everLocked = true;
            lockedKey = candidate.ConsistencyKey;
            Format = candidate.Format;
        }

        var frame = new AudioFrame
        {
            Data = data,
            Format = candidate.Format,
            SampleRate = candidate.SampleRate,
            Channels = candidate.Channels,
            Samples = candidate.Samples,
            Bitrate = candidate.Bitrate,
            InfoTag = infoTag,
            StreamOffset = Position,
        };
        Consume(ref buffer, candidate.FrameLength);
        return frame;
    }

    private void SkipToNextCandidate(ref ReadOnlySequence<byte> buffer)
    {
        LoseSync();
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(1);
        var skip = reader.TryAdvanceToAny(CandidateStarts, advancePastDelimiter: false) ? reader.Consumed : buffer.Length;
        Consume(ref buffer, skip);
        SkippedBytes += skip;
        if (!everLocked && SkippedBytes >= options.SniffLimitBytes)
        {
            IsNotAudio = true;
        }
    }

    private void LoseSync()
    {
        if (IsLocked)
        {
            IsLocked = false;
            SyncLosses++;
        }
    }

    /// <summary>The buffer is used up: wait for more, or at the end of a stream that never locked, give up.</summary>
    private AudioFramerStatus OutOfData(bool isCompleted)
    {
        if (!isCompleted || everLocked)
        {
            return AudioFramerStatus.NeedMoreData;
        }

        IsNotAudio = true;
        return AudioFramerStatus.NotAudio;
    }

    private void Consume(ref ReadOnlySequence<byte> buffer, long count)
    {
        buffer = buffer.Slice(count);
        Position += count;
    }

    private static bool IsPrefixOf(ReadOnlySpan<byte> head, ReadOnlySpan<byte> marker) =>
        marker.StartsWith(head);

    private enum ProbeOutcome
    {
        NotAFrame,
        NeedMoreData,
        Frame,
        Tag,
        ParametersChanged,
    }
}
