using System.Net.Sockets;

namespace Airwave.Node.Icecast;

/// <summary>
/// Waits for segment connections' next requests, and for room to send the rest of an answer, on threads of its own (one
/// <c>epoll</c> instance each, as many as the machine has cores), and serves each request on the thread that saw it
/// arrive, as nginx's workers do.
/// </summary>
/// <remarks>
/// <para>
/// .NET waits on a socket only through an operation of its own: its event thread sees the request arrive, peeks a byte and
/// hands the operation's continuation to a pool thread, which peeks the head again. A profile of the node under
/// <c>bench/segments-vs-nginx</c> put about a sixth of its samples in that hand-off (context switches, futex wake-ups, the
/// pool's spinning). Here a request's arrival runs the connection's continuation (<see cref="RequestWait"/>) right on the
/// thread that waited: it peeks the head, sends the segment and arms the socket again, and the thread returns to waiting.
/// </para>
/// <para>
/// A send the socket's buffer cannot take whole waits here too, for the socket to be writable, and goes on where that is
/// seen; the socket never makes an operation of .NET's. A connection whose next request is not a segment leaves: it is
/// deleted from the instance before Kestrel or a listener's stream gets the socket.
/// </para>
/// </remarks>
internal sealed class RequestWaits
{
    private readonly EpollThread[] loops;
    private readonly ILogger<RequestWaits> log;
    private readonly Lock gate = new();
    private readonly Stack<int> freeSlots = [];
    private RequestWait?[] slots = new RequestWait?[64];
    private int used;
    private int next;
    private uint generation;

    /// <summary>Starts the waiting threads; they end when <paramref name="stopping"/> is cancelled.</summary>
    /// <exception cref="IOException">The system refused an epoll instance or an event counter.</exception>
    public RequestWaits(ILogger<RequestWaits> log, CancellationToken stopping)
    {
        this.log = log;
        loops = new EpollThread[Environment.ProcessorCount];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = new EpollThread($"airwave-requests-{i}", Ready, Ended, stopping);
        }
    }

    /// <summary>A wait for <paramref name="socket"/>'s requests; dispose it before the socket is closed or handed on.</summary>
    public RequestWait For(Socket socket)
    {
        lock (gate)
        {
            var slot = freeSlots.Count > 0 ? freeSlots.Pop() : used++;
            if (slot == slots.Length)
            {
                var grown = new RequestWait?[slots.Length * 2];
                slots.CopyTo(grown, 0);
                Volatile.Write(ref slots, grown);
            }

            var loop = loops[next++ % loops.Length];
            var wait = new RequestWait(this, loop, (int)socket.SafeHandle.DangerousGetHandle(), (uint)slot | ((ulong)++generation << 32));
            Volatile.Write(ref slots[slot], wait);
            return wait;
        }
    }

    /// <summary>Arms <paramref name="wait"/>'s socket for <paramref name="events"/> on its thread's instance: false if it could not be (the node stops).</summary>
    internal static bool Arm(RequestWait wait, uint events, bool first) =>
        wait.Loop.Control(first ? NativeEpoll.ControlAdd : NativeEpoll.ControlModify, wait.Fd, events | NativeEpoll.OneShot, wait.Data);

    /// <summary>Takes <paramref name="wait"/>'s socket off its instance and frees its slot.</summary>
    internal void Release(RequestWait wait, bool added)
    {
        if (added)
        {
            wait.Loop.Control(NativeEpoll.ControlDelete, wait.Fd, 0, 0);
        }

        lock (gate)
        {
            var slot = (int)(uint)wait.Data;
            Volatile.Write(ref slots[slot], null);
            freeSlots.Push(slot);
        }
    }

    /// <summary>Runs the continuation of the connection an event is for, unless the slot has moved on to another since.</summary>
    private void Ready(ulong data)
    {
        var slot = (int)(uint)data;
        var current = Volatile.Read(ref slots);
        if (slot < current.Length && Volatile.Read(ref current[slot]) is { } wait && wait.Data == data)
        {
            try
            {
                wait.Ready();
            }
            catch (Exception e)
            {
                // A continuation's own failures end in its task; this is a last guard for the thread that waits for all.
                log.LogError(e, "serving a kept-alive request failed");
            }
        }
    }

    private void Ended(string? failure)
    {
        if (failure is not null)
        {
            log.LogError("waiting for kept-alive requests failed: {Reason}; their connections wait until their keep-alive timeout", failure);
        }
    }
}
