namespace Airwave.Media.Ts;

/// <summary>Reads the fixed fields of one 188-byte MPEG-TS packet, so callers never index header bytes by hand.</summary>
public static class TsPacket
{
    /// <summary>Bytes in a packet.</summary>
    public const int Length = 188;

    /// <summary>The byte every packet starts with.</summary>
    public const byte SyncByte = 0x47;

    /// <summary>The PID of the program association table.</summary>
    public const int PatPid = 0;

    /// <summary>The PID of null (stuffing) packets.</summary>
    public const int NullPid = 0x1FFF;

    /// <summary>The packet's PID.</summary>
    public static int Pid(ReadOnlySpan<byte> packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    /// <summary>True when the transport error indicator says the packet is damaged.</summary>
    public static bool HasTransportError(ReadOnlySpan<byte> packet) => (packet[1] & 0x80) != 0;

    /// <summary>True when a PES packet or PSI section starts in this packet's payload.</summary>
    public static bool PayloadUnitStart(ReadOnlySpan<byte> packet) => (packet[1] & 0x40) != 0;

    /// <summary>True when the adaptation field sets the random access indicator.</summary>
    public static bool RandomAccessIndicator(ReadOnlySpan<byte> packet) =>
        (packet[3] & 0x20) != 0 && packet[4] > 0 && (packet[5] & 0x40) != 0;

    /// <summary>The payload after the header and adaptation field; empty when there is none or the field is malformed.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> packet)
    {
        var control = (packet[3] >> 4) & 3;
        if ((control & 1) == 0)
        {
            return [];
        }

        var offset = 4;
        if ((control & 2) != 0)
        {
            offset += 1 + packet[4];
        }

        return offset < Length ? packet[offset..Length] : [];
    }
}
