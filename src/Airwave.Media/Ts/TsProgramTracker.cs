namespace Airwave.Media.Ts;

/// <summary>Follows the PAT and PMT of a transport stream to know which PID carries what, and which PID times the stream.</summary>
/// <remarks>Only single-section tables of the first program are read, which is what live relays carry.</remarks>
public sealed class TsProgramTracker
{
    private readonly Dictionary<int, TsStreamKind> streams = [];
    private int pmtPid = -1;

    /// <summary>The PID whose PES timestamps time the stream: the video stream, otherwise the first audio stream; -1 before the PMT.</summary>
    public int TimingPid { get; private set; } = -1;

    /// <summary>What <see cref="TimingPid"/> carries.</summary>
    public TsStreamKind TimingKind { get; private set; }

    /// <summary>The PMT's PID, -1 until the PAT was seen.</summary>
    public int PmtPid => pmtPid;

    /// <summary>Increases whenever the PAT or PMT content changes.</summary>
    public int Version { get; private set; }

    /// <summary>The elementary streams by PID.</summary>
    public IReadOnlyDictionary<int, TsStreamKind> Streams => streams;

    /// <summary>True for the PAT and PMT PIDs.</summary>
    public bool IsTablePid(int pid) => pid == TsPacket.PatPid || pid == pmtPid;

    /// <summary>Reads a packet if it carries the start of a PAT or PMT section; other packets are ignored.</summary>
    public void Inspect(ReadOnlySpan<byte> packet)
    {
        var pid = TsPacket.Pid(packet);
        if (!IsTablePid(pid) || !TsPacket.PayloadUnitStart(packet))
        {
            return;
        }

        var payload = TsPacket.Payload(packet);
        if (payload.IsEmpty || payload[0] + 1 >= payload.Length)
        {
            return;
        }

        var section = payload[(1 + payload[0])..];
        if (section.Length < 3)
        {
            return;
        }

        var sectionLength = ((section[1] & 0x0F) << 8) | section[2];
        var end = Math.Min(section.Length, 3 + sectionLength - 4);
        if (pid == TsPacket.PatPid && section[0] == 0x00)
        {
            ReadPat(section, end);
        }
        else if (pid == pmtPid && section[0] == 0x02)
        {
            ReadPmt(section, end);
        }
    }

    private void ReadPat(ReadOnlySpan<byte> section, int end)
    {
        for (var i = 8; i + 4 <= end; i += 4)
        {
            var program = (section[i] << 8) | section[i + 1];
            if (program == 0)
            {
                continue;
            }

            var pid = ((section[i + 2] & 0x1F) << 8) | section[i + 3];
            if (pid != pmtPid)
            {
                pmtPid = pid;
                streams.Clear();
                TimingPid = -1;
                Version++;
            }

            return;
        }
    }

    private void ReadPmt(ReadOnlySpan<byte> section, int end)
    {
        if (end < 12)
        {
            return;
        }

        var infoLength = ((section[10] & 0x0F) << 8) | section[11];
        var found = new Dictionary<int, TsStreamKind>();
        for (var i = 12 + infoLength; i + 5 <= end;)
        {
            var kind = KindOf(section[i]);
            var pid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
            var esInfo = ((section[i + 3] & 0x0F) << 8) | section[i + 4];
            found[pid] = kind;
            i += 5 + esInfo;
        }

        if (found.Count == streams.Count && found.All(pair => streams.TryGetValue(pair.Key, out var k) && k == pair.Value))
        {
            return;
        }

        streams.Clear();
        foreach (var pair in found)
        {
            streams[pair.Key] = pair.Value;
        }

        var timing = found.Where(p => p.Value is TsStreamKind.H264 or TsStreamKind.Hevc or TsStreamKind.OtherVideo)
            .Concat(found.Where(p => p.Value == TsStreamKind.Audio))
            .Select(p => (KeyValuePair<int, TsStreamKind>?)p)
            .FirstOrDefault();
        TimingPid = timing?.Key ?? -1;
        TimingKind = timing?.Value ?? TsStreamKind.Other;
        Version++;
    }

    private static TsStreamKind KindOf(byte streamType) => streamType switch
    {
        0x1B => TsStreamKind.H264,
        0x24 => TsStreamKind.Hevc,
        0x01 or 0x02 or 0x10 or 0xEA => TsStreamKind.OtherVideo,
        0x03 or 0x04 or 0x0F or 0x11 or 0x81 or 0x87 => TsStreamKind.Audio,
        _ => TsStreamKind.Other,
    };
}
