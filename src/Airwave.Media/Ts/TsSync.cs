namespace Airwave.Media.Ts;

/// <summary>Finds packet alignment in a byte stream: a sync byte confirmed by the next packets' sync bytes.</summary>
public static class TsSync
{
    /// <summary>Sync bytes that must line up (the first and the following ones) before a position counts as aligned.</summary>
    public const int ConfirmingPackets = 3;

    /// <summary>Offset of the first aligned packet in <paramref name="data"/>; -1 when none, or when more data is needed to confirm one.</summary>
    /// <param name="data">Bytes to search.</param>
    /// <param name="isFinal">True when no more bytes will follow, so a shorter run of packets is accepted.</param>
    public static int FindAligned(ReadOnlySpan<byte> data, bool isFinal)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != TsPacket.SyncByte)
            {
                continue;
            }

            var confirmed = true;
            for (var k = 1; k < ConfirmingPackets; k++)
            {
                var at = i + (k * TsPacket.Length);
                if (at >= data.Length)
                {
                    if (!isFinal)
                    {
                        return -1;
                    }

                    break;
                }

                if (data[at] != TsPacket.SyncByte)
                {
                    confirmed = false;
                    break;
                }
            }

            if (confirmed && (isFinal ? i + TsPacket.Length <= data.Length : true))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="data"/> starts with aligned packets (used to sniff a stream as MPEG-TS).</summary>
    public static bool LooksLikeTransportStream(ReadOnlySpan<byte> data) =>
        data.Length >= TsPacket.Length * 2 && data[0] == TsPacket.SyncByte && data[TsPacket.Length] == TsPacket.SyncByte
            && (data.Length < TsPacket.Length * 3 || data[TsPacket.Length * 2] == TsPacket.SyncByte);
}
