using System.Net.Sockets;
using System.Runtime.InteropServices;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;

namespace Airwave.Node.Icecast;

/// <summary>
/// Sees listeners on the listener port hang up without a send: one <c>poll(2)</c> over every watched socket each
/// <see cref="Interval"/>. A receive pending on each socket did the same at the cost of an operation, its event args and a
/// state machine per listener for as long as it listened (about 0.6 KB each).
/// </summary>
/// <remarks>
/// <para>
/// A watched socket's handle is referenced, so its descriptor stays open (and cannot become another connection's) until it
/// is no longer watched. A drop therefore shuts the socket down while its session still runs, and only the session's end
/// closes it, after unwatching.
/// </para>
/// <para>
/// Bytes a listener sends after its request mean nothing and are read and dropped, so the socket, closed later, ends with a
/// FIN rather than the reset unread bytes would cause, which could cut off the audio still on its way.
/// </para>
/// <para>
/// When the node stops, every watched listener is ended as by a hang-up: one pass here rather than a registration per
/// listener on the node's stopping token. A streaming listener's handle is ended here directly too
/// (<see cref="EndOnHangUp"/>), rather than through a registration on the token, which cost 144 bytes for as long as it
/// listened.
/// </para>
/// </remarks>
internal sealed class HangUpWatch
{
    /// <summary>How often the sockets are polled: a hang-up is seen within this, and the poll costs one system call per interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int Interrupted = 4;

    /// <summary>Where bytes a listener sends after its request go; shared, since nothing reads them.</summary>
    private static readonly byte[] Discarded = new byte[512];

    private readonly Lock gate = new();
    private readonly Dictionary<Socket, Watched> watched = [];
    private readonly List<Socket> hungUp = [];
    private readonly ILogger<HangUpWatch> log;
    private readonly CancellationToken stopping;
    private NativePoll.Descriptor[] descriptors = [];
    private Socket[] sockets = [];
    private int count;
    private bool changed;

    /// <summary>Polls until <paramref name="stopping"/> is cancelled, then ends every listener still watched.</summary>
    public HangUpWatch(ILogger<HangUpWatch> log, CancellationToken stopping)
    {
        this.log = log;
        this.stopping = stopping;
        _ = RunAsync();
    }

    /// <summary>
    /// Cancels <paramref name="gone"/> once <paramref name="socket"/>'s peer closes or resets the connection, or the node
    /// stops; call <see cref="Unwatch"/> before closing the socket.
    /// </summary>
    /// <remarks>
    /// Until then, disposing the socket does not return: .NET's socket handle spins until every reference to it is
    /// released. End a watched connection early with <see cref="Socket.Shutdown"/>.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The socket was closed already.</exception>
    public void Watch(Socket socket, CancellationTokenSource gone)
    {
        lock (gate)
        {
            var referenced = false;
            socket.SafeHandle.DangerousAddRef(ref referenced);
            watched.Add(socket, new Watched(gone, null));
            changed = true;
        }

        // A listener accepted as the node stops may come after the last pass.
        if (stopping.IsCancellationRequested)
        {
            gone.Cancel();
        }
    }

    /// <summary>
    /// Ends <paramref name="handle"/> as a drop does once <paramref name="socket"/>'s peer hangs up or the node stops, or at
    /// once if either happened already; for a listener that streams after <see cref="Watch"/>.
    /// </summary>
    public void EndOnHangUp(Socket socket, ListenerHandle handle)
    {
        CancellationTokenSource? gone = null;
        lock (gate)
        {
            if (watched.TryGetValue(socket, out var entry))
            {
                watched[socket] = entry with { Handle = handle };
                gone = entry.Gone;
            }
        }

        // Read after the handle was stored, as the watch reads the handle after cancelling: one of the two sees the other.
        if (gone is null || gone.IsCancellationRequested)
        {
            handle.ConnectionGone();
        }
    }

    /// <summary>Stops watching <paramref name="socket"/> and lets its descriptor close.</summary>
    public void Unwatch(Socket socket)
    {
        lock (gate)
        {
            if (watched.Remove(socket))
            {
                socket.SafeHandle.DangerousRelease();
                changed = true;
            }
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    PollOnce();
                }
                catch (Exception e)
                {
                    log.LogError(e, "watching listeners for hang-ups failed; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The node stops.
        }

        try
        {
            lock (gate)
            {
                hungUp.AddRange(watched.Keys);
            }

            EndHungUp();
        }
        catch (Exception e)
        {
            log.LogError(e, "ending the listeners still connected as the node stops failed");
        }
    }

    private void PollOnce()
    {
        lock (gate)
        {
            if (changed)
            {
                Rebuild();
            }

            if (count == 0)
            {
                return;
            }

            var ready = NativePoll.Poll(descriptors, (nuint)count, 0);
            if (ready < 0 && Marshal.GetLastPInvokeError() is var error and not Interrupted)
            {
                log.LogWarning("poll over {Count} listener sockets failed with errno {Error}", count, error);
            }

            for (var i = 0; i < count && ready > 0; i++)
            {
                var events = descriptors[i].ReturnedEvents;
                if (events == 0)
                {
                    continue;
                }

                ready--;
                if ((events & (NativePoll.Error | NativePoll.HangUp | NativePoll.Invalid)) != 0 || !Drain(sockets[i]))
                {
                    hungUp.Add(sockets[i]);
                }
            }
        }

        EndHungUp();
    }

    /// <summary>Outside the lock: ending the listener makes its session unwatch its socket.</summary>
    private void EndHungUp()
    {
        foreach (var socket in hungUp)
        {
            // A socket unwatched meanwhile belongs to a session that ended.
            if (Find(socket) is not { } entry)
            {
                continue;
            }

            entry.Gone.Cancel();

            // Read again after the cancel: a handle stored meanwhile may have found the token not yet cancelled.
            Find(socket)?.Handle?.ConnectionGone();
        }

        hungUp.Clear();
    }

    private Watched? Find(Socket socket)
    {
        lock (gate)
        {
            return watched.TryGetValue(socket, out var entry) ? entry : null;
        }
    }

    /// <summary>Reads and drops what a readable socket holds; false when it holds nothing, which means its peer ended the connection.</summary>
    private static bool Drain(Socket socket)
    {
        try
        {
            var available = socket.Available;
            if (available == 0)
            {
                return false;
            }

            while (available > 0)
            {
                if (NonBlockingCalls.Receive(socket, Discarded.AsSpan(0, Math.Min(available, Discarded.Length)), peek: false, out _) == 0)
                {
                    return false;
                }

                available = socket.Available;
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Lays the watched sockets out for the next poll; only after one was added or removed.</summary>
    private void Rebuild()
    {
        if (descriptors.Length < watched.Count)
        {
            var length = Math.Max(watched.Count, descriptors.Length * 2);
            descriptors = new NativePoll.Descriptor[length];
            sockets = new Socket[length];
        }

        var i = 0;
        foreach (var socket in watched.Keys)
        {
            descriptors[i] = new NativePoll.Descriptor((int)socket.SafeHandle.DangerousGetHandle(), NativePoll.In);
            sockets[i++] = socket;
        }

        Array.Clear(sockets, i, count > i ? count - i : 0);
        count = i;
        changed = false;
    }

    /// <summary>A watched socket's listener: the token of its request, and its handle once it streams.</summary>
    private readonly record struct Watched(CancellationTokenSource Gone, ListenerHandle? Handle);
}
