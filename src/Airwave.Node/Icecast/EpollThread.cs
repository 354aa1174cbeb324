using System.Runtime.InteropServices;

namespace Airwave.Node.Icecast;

/// <summary>
/// A thread of its own blocked on one <c>epoll</c> instance, which hands each event's <c>data</c> to a callback on that
/// thread; for <see cref="RequestWaits"/> (one per core) and <see cref="HangUpWatch"/> (one). It costs nothing while no
/// descriptor has anything to report: no timer, no tick.
/// </summary>
internal sealed class EpollThread
{
    private const int EventsPerWait = 64;

    /// <summary>The <c>data</c> of the instance's wake-up counter: no descriptor's.</summary>
    private const ulong WakeUp = ulong.MaxValue;

    private readonly Action<ulong> ready;
    private readonly Action<string?> ended;
    private readonly int epoll;
    private readonly int wakeUp;
    private readonly Lock gate = new();
    private bool stopped;

    /// <summary>Starts the thread; it stops when <paramref name="stopping"/> is cancelled.</summary>
    /// <param name="name">The thread's name, as <c>top -H</c> shows it.</param>
    /// <param name="ready">Runs on the thread for each event, with the <c>data</c> its descriptor was armed with; it must not throw.</param>
    /// <param name="ended">
    /// Runs on the thread once it stops waiting: with null when <paramref name="stopping"/> was cancelled, or with why
    /// waiting failed.
    /// </param>
    /// <param name="stopping">The node's stopping token.</param>
    /// <exception cref="IOException">The system refused an epoll instance or an event counter.</exception>
    public EpollThread(string name, Action<ulong> ready, Action<string?> ended, CancellationToken stopping)
    {
        this.ready = ready;
        this.ended = ended;
        epoll = NativeEpoll.Create();
        wakeUp = NativeEpoll.CreateEvent();
        if (epoll < 0 || wakeUp < 0 || NativeEpoll.Control(epoll, NativeEpoll.ControlAdd, wakeUp, NativeEpoll.In, WakeUp) != 0)
        {
            throw new IOException($"the node cannot wait on its sockets ({name}): {Marshal.GetLastPInvokeErrorMessage()}");
        }

        new Thread(Run) { IsBackground = true, Name = name }.Start();
        stopping.UnsafeRegister(static state => ((EpollThread)state!).Stop(), this);
    }

    /// <summary>
    /// One <c>epoll_ctl</c>, unless the thread has stopped: false then, or when the system refused it. Under a lock the stop
    /// takes too, so a descriptor is never controlled after the instance's is closed (and perhaps reused by another file).
    /// </summary>
    public bool Control(int operation, int fd, uint events, ulong data)
    {
        lock (gate)
        {
            return !stopped && NativeEpoll.Control(epoll, operation, fd, events, data) == 0;
        }
    }

    /// <summary>Wakes the thread to stop, unless it has already (its counter's descriptor may be another file's by then).</summary>
    private void Stop()
    {
        lock (gate)
        {
            if (!stopped)
            {
                NativeEpoll.Signal(wakeUp);
            }
        }
    }

    private void Run()
    {
        var events = new byte[EventsPerWait * NativeEpoll.EventSize];
        string? failure = null;
        while (failure is null)
        {
            var count = NativeEpoll.Wait(epoll, events, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() != NativeEpoll.Interrupted)
                {
                    failure = Marshal.GetLastPInvokeErrorMessage();
                }

                continue;
            }

            for (var i = 0; i < count; i++)
            {
                var data = NativeEpoll.DataOf(events, i);
                if (data == WakeUp)
                {
                    Close();
                    ended(null);
                    return;
                }

                ready(data);
            }
        }

        Close();
        ended(failure);
    }

    private void Close()
    {
        lock (gate)
        {
            stopped = true;
            NativeEpoll.Close(epoll);
            NativeEpoll.Close(wakeUp);
        }
    }
}
