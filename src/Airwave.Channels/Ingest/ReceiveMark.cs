using System.Net.Sockets;

namespace Airwave.Channels.Ingest;

/// <summary>
/// Holds a source socket's receive low-water mark (SO_RCVLOWAT) while the source is read, so a pending read wakes once
/// per mark of bytes rather than once per packet, and drops it while bytes wait under it unread (<see cref="ReceiveMarkState"/>).
/// </summary>
/// <remarks>
/// An encoder that sends each MP3 frame as it is made (ffmpeg: one every 26 ms) otherwise wakes the node's socket thread
/// 38 times a second, read or not; with half a second as the mark, twice. The mark is looked at on the node's read ticks
/// (<see cref="ReadPacer"/>), which every source shares, so holding it adds no wake-up of its own.
/// </remarks>
public sealed class ReceiveMark : IAsyncDisposable
{
    /// <summary>Longest bytes wait under the mark: twice what a source at its rate takes to fill half a second's mark.</summary>
    private static readonly TimeSpan MaxStill = TimeSpan.FromSeconds(1);

    private readonly Socket socket;
    private readonly CancellationTokenSource stop = new();
    private readonly Task holding;
    private long reads;

    private ReceiveMark(Socket socket, ReceiveMarkState state, ReadPacer ticks)
    {
        this.socket = socket;
        holding = HoldAsync(state, ticks);
    }

    /// <summary>Half a second of a stream of <paramref name="kbps"/> (128 when unknown), within 1–8 KiB: at most what a read that keeps up takes (<see cref="PipeReaderSource"/>).</summary>
    public static int HalfSecondOf(int kbps) => Math.Clamp((kbps > 0 ? kbps : 128) * 1000 / 8 / 2, 1024, 8 * 1024);

    /// <summary>Holds <paramref name="bytes"/> as <paramref name="socket"/>'s mark until disposed; null without a socket, or on Windows (no mark for TCP there).</summary>
    /// <param name="socket">The source's connection.</param>
    /// <param name="bytes">The mark while the source's bytes are read.</param>
    /// <param name="ticks">The node's read ticks, on which the mark is looked at.</param>
    /// <param name="timeout">How long the source may send nothing before it is dropped: bytes waiting unread drop the mark
    /// after a quarter of it, and after a second at most, so they are read long before.</param>
    public static ReceiveMark? Hold(Socket? socket, int bytes, ReadPacer ticks, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        return socket is null || OperatingSystem.IsWindows() ? null
            : new ReceiveMark(socket, new ReceiveMarkState(bytes, StillTicks(timeout, ticks.Interval)), ticks);
    }

    /// <summary>Ticks of <paramref name="interval"/> that bytes may wait unread: a quarter of <paramref name="timeout"/>, a second at most, one at least.</summary>
    public static int StillTicks(TimeSpan timeout, TimeSpan interval)
    {
        var still = timeout / 4 < MaxStill ? timeout / 4 : MaxStill;
        return Math.Max(1, (int)(still / interval));
    }

    /// <summary>Tells the mark the source's bytes were read (any thread).</summary>
    public void Read() => Interlocked.Increment(ref reads);

    /// <summary>Stops holding the mark and sets it back to one byte, for a connection that is used on.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await holding.ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task HoldAsync(ReceiveMarkState state, ReadPacer ticks)
    {
        var seen = 0L;
        try
        {
            Set(state.Mark);
            while (true)
            {
                await ticks.NextTickAsync(stop.Token).ConfigureAwait(false);
                var now = Interlocked.Read(ref reads);
                if (state.Next(socket.Available, now != seen) is { } mark)
                {
                    Set(mark);
                }

                seen = now;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed, or the connection closed under a tick: either way the source is over.
        }

        try
        {
            Set(1);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Closed: nobody reads it again.
        }
    }

    private void Set(int bytes) => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
}
