using System.Buffers;

namespace Airwave.Media.Ts;

/// <summary>
/// Cuts a transport stream into chunks that start at random access points near a target duration, with durations from
/// PTS. Resyncs after lost sync, drops damaged (transport error) and null packets, and starts every chunk with the
/// current PAT and PMT so a reader can begin at any chunk.
/// </summary>
/// <remarks>Packets before the first random access point are dropped, except the tables.</remarks>
public sealed class TsChunker : IDisposable
{
    private const int InitialChunkBytes = 256 * 1024;
    private static readonly long MaxTimestampJump = 60L * PesTimestamp.ClockRate;
    private readonly long targetDuration;
    private readonly int maxChunkBytes;
    private readonly Queue<TsChunk> finished = new();
    private readonly TsProgramTracker tracker = new();
    private readonly byte[] lastPat = new byte[TsPacket.Length];
    private readonly byte[] lastPmt = new byte[TsPacket.Length];
    private byte[] input = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int inputLength;
    private bool locked;
    private byte[] chunk = ArrayPool<byte>.Shared.Rent(InitialChunkBytes);
    private int chunkLength;
    private bool started;
    private long chunkStartPts;
    private long lastPts;
    private bool chunkRandomAccess;
    private bool chunkDiscontinuity;
    private bool havePat;
    private bool havePmt;

    /// <summary>Cuts chunks of about <paramref name="targetDuration"/>, or earlier once one holds <paramref name="maxChunkBytes"/>.</summary>
    public TsChunker(TimeSpan targetDuration, int maxChunkBytes = 8 * 1024 * 1024)
    {
        this.targetDuration = Math.Max(1, (long)(targetDuration.TotalSeconds * PesTimestamp.ClockRate));
        this.maxChunkBytes = Math.Max(TsPacket.Length * 16, maxChunkBytes);
    }

    /// <summary>Bytes skipped while searching for sync.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Times aligned packets were lost and searched for again.</summary>
    public int SyncLosses { get; private set; }

    /// <summary>Packets dropped because their transport error indicator was set.</summary>
    public long ErrorPackets { get; private set; }

    /// <summary>Aligned packets read.</summary>
    public long Packets { get; private set; }

    /// <summary>The program tables seen so far.</summary>
    public TsProgramTracker Program => tracker;

    /// <summary>Adds stream bytes (any split); finished chunks become available through <see cref="TryTake"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var room = input.Length - inputLength;
            if (room == 0)
            {
                Process(isFinal: false);
                room = input.Length - inputLength;
                if (room == 0)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(input.Length * 2);
                    input.AsSpan(0, inputLength).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(input);
                    input = larger;
                    room = input.Length - inputLength;
                }
            }

            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(input.AsSpan(inputLength));
            inputLength += take;
            data = data[take..];
        }

        Process(isFinal: false);
    }

    /// <summary>Ends the current chunk here: the next chunk is marked as a discontinuity and timed afresh.</summary>
    /// <remarks>Call at upstream switches and HLS discontinuities; buffered bytes of an incomplete packet are dropped.</remarks>
    public void MarkDiscontinuity()
    {
        Process(isFinal: true);
        CloseChunk(Math.Max(0, PesTimestamp.Delta(chunkStartPts, lastPts)));
        inputLength = 0;
        locked = false;
        started = false;
        chunkDiscontinuity = true;
    }

    /// <summary>Ends the stream: what is pending becomes a last chunk.</summary>
    public void Complete()
    {
        Process(isFinal: true);
        CloseChunk(Math.Max(0, PesTimestamp.Delta(chunkStartPts, lastPts)));
        inputLength = 0;
    }

    /// <summary>The next finished chunk, if any; the caller releases it.</summary>
    public bool TryTake(out TsChunk taken) => finished.TryDequeue(out taken!);

    public void Dispose()
    {
        while (finished.TryDequeue(out var left))
        {
            left.Release();
        }

        ArrayPool<byte>.Shared.Return(input);
        ArrayPool<byte>.Shared.Return(chunk);
        input = [];
        chunk = [];
    }

    private void Process(bool isFinal)
    {
        var position = 0;
        while (inputLength - position >= TsPacket.Length)
        {
            if (locked && input[position] == TsPacket.SyncByte)
            {
                HandlePacket(input.AsSpan(position, TsPacket.Length));
                position += TsPacket.Length;
                continue;
            }

            if (locked)
            {
                locked = false;
                SyncLosses++;
            }

            var span = input.AsSpan(position, inputLength - position);
            var offset = TsSync.FindAligned(span, isFinal);
            if (offset < 0)
            {
                var skip = isFinal ? span.Length : Math.Max(0, span.Length - (TsPacket.Length * TsSync.ConfirmingPackets));
                SkippedBytes += skip;
                position += skip;
                break;
            }

            SkippedBytes += offset;
            position += offset;
            locked = true;
        }

        if (position > 0)
        {
            input.AsSpan(position, inputLength - position).CopyTo(input);
            inputLength -= position;
        }
    }

    private void HandlePacket(ReadOnlySpan<byte> packet)
    {
        Packets++;
        if (TsPacket.HasTransportError(packet))
        {
            ErrorPackets++;
            return;
        }

        var pid = TsPacket.Pid(packet);
        if (pid == TsPacket.NullPid)
        {
            return;
        }

        tracker.Inspect(packet);
        RememberTable(pid, packet);
        if (pid == tracker.TimingPid && TsPacket.PayloadUnitStart(packet))
        {
            TimePacket(packet);
        }

        if (started || tracker.IsTablePid(pid))
        {
            Append(packet);
        }
    }

    private void TimePacket(ReadOnlySpan<byte> packet)
    {
        var payload = TsPacket.Payload(packet);
        if (!PesTimestamp.TryReadPts(payload, out var pts))
        {
            return;
        }

        var kind = tracker.TimingKind;
        var randomAccess = kind == TsStreamKind.Audio || TsPacket.RandomAccessIndicator(packet)
            || (kind is TsStreamKind.H264 or TsStreamKind.Hevc && PesTimestamp.PayloadOffset(payload) is >= 0 and var offset
                && VideoRandomAccess.ContainsEntryPoint(payload[offset..], kind));
        if (!started)
        {
            if (randomAccess)
            {
                StartChunk(pts, randomAccess: true);
            }

            return;
        }

        var elapsed = PesTimestamp.Delta(chunkStartPts, pts);
        if (elapsed < 0 || elapsed > MaxTimestampJump)
        {
            CloseChunk(Math.Max(0, PesTimestamp.Delta(chunkStartPts, lastPts)));
            chunkDiscontinuity = true;
            StartChunk(pts, randomAccess);
        }
        else if ((randomAccess && elapsed >= targetDuration) || chunkLength >= maxChunkBytes)
        {
            CloseChunk(elapsed);
            StartChunk(pts, randomAccess);
        }

        lastPts = pts;
    }

    private void StartChunk(long pts, bool randomAccess)
    {
        started = true;
        chunkStartPts = pts;
        lastPts = pts;
        chunkRandomAccess = randomAccess;
        if (chunkLength == 0 && havePat && havePmt)
        {
            Append(lastPat);
            Append(lastPmt);
        }
    }

    private void RememberTable(int pid, ReadOnlySpan<byte> packet)
    {
        if (!TsPacket.PayloadUnitStart(packet))
        {
            return;
        }

        if (pid == TsPacket.PatPid)
        {
            packet.CopyTo(lastPat);
            havePat = true;
        }
        else if (pid == tracker.PmtPid)
        {
            packet.CopyTo(lastPmt);
            havePmt = true;
        }
    }

    private void CloseChunk(long duration)
    {
        if (!started)
        {
            chunkLength = 0;
            return;
        }

        if (chunkLength == 0)
        {
            return;
        }

        finished.Enqueue(new TsChunk(chunk, chunkLength, duration, chunkRandomAccess, chunkDiscontinuity));
        chunk = ArrayPool<byte>.Shared.Rent(Math.Max(InitialChunkBytes, chunkLength));
        chunkLength = 0;
        chunkDiscontinuity = false;
        chunkRandomAccess = false;
    }

    private void Append(ReadOnlySpan<byte> packet)
    {
        if (chunkLength + packet.Length > chunk.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(chunk.Length * 2);
            chunk.AsSpan(0, chunkLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(chunk);
            chunk = larger;
        }

        packet.CopyTo(chunk.AsSpan(chunkLength));
        chunkLength += packet.Length;
    }
}
