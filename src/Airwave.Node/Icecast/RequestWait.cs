using System.Threading.Tasks.Sources;
using Airwave.Streaming.Listeners;

namespace Airwave.Node.Icecast;

/// <summary>
/// A segment connection's waits on one of <see cref="RequestWaits"/>' threads, which runs the continuation itself when
/// what it waits for comes: its next request, or room in its send buffer for the rest of an answer.
/// </summary>
internal sealed class RequestWait : IValueTaskSource<bool>, IWritableWait, IDisposable
{
    private const int Idle = 0;
    private const int Armed = 1;

    private readonly RequestWaits owner;

    /// <summary>Continuations run where the wait completes: on the thread that saw the request, or the one that cancelled.</summary>
    private ManualResetValueTaskSourceCore<bool> completion = new() { RunContinuationsAsynchronously = false };
    private CancellationTokenRegistration cancellation;
    private int state;
    private bool added;

    public RequestWait(RequestWaits owner, EpollThread loop, int fd, ulong data)
    {
        this.owner = owner;
        Loop = loop;
        Fd = fd;
        Data = data;
    }

    internal EpollThread Loop { get; }

    internal int Fd { get; }

    /// <summary>The slot and the generation the instance reports this wait's events with.</summary>
    internal ulong Data { get; }

    /// <summary>
    /// Completes true when bytes (or the peer's end) arrive, false when <paramref name="cancellationToken"/> is cancelled or
    /// the node stops waiting for requests.
    /// </summary>
    /// <remarks>One wait at a time: the next is asked for only after this one completed.</remarks>
    public ValueTask<bool> NextAsync(CancellationToken cancellationToken) => WaitAsync(NativeEpoll.In, cancellationToken);

    /// <remarks>
    /// Without it, the rest of an answer went through the socket's awaited send, after which the socket kept .NET's event
    /// args (about 0.6 KB with their callback and their copy of the slice list) and its registration with .NET's event
    /// thread, which then woke for each of the connection's requests as well.
    /// </remarks>
    public ValueTask<bool> WritableAsync(CancellationToken cancellationToken) => WaitAsync(NativeEpoll.Out, cancellationToken);

    /// <summary>Takes the socket off its thread's instance; call it before the socket is closed or handed on.</summary>
    public void Dispose()
    {
        Complete(false);
        owner.Release(this, added);
    }

    /// <summary>An event for this socket: its continuation runs on the calling thread.</summary>
    internal void Ready() => Complete(true);

    private ValueTask<bool> WaitAsync(uint events, CancellationToken cancellationToken)
    {
        completion.Reset();
        Volatile.Write(ref state, Armed);
        cancellation = cancellationToken.UnsafeRegister(static wait => ((RequestWait)wait!).Complete(false), this);
        if (Volatile.Read(ref state) == Armed)
        {
            if (RequestWaits.Arm(this, events, first: !added))
            {
                added = true;
            }
            else
            {
                Complete(false);
            }
        }

        return new ValueTask<bool>(this, completion.Version);
    }

    private void Complete(bool ready)
    {
        if (Interlocked.CompareExchange(ref state, Idle, Armed) != Armed)
        {
            return;
        }

        cancellation.Unregister();
        completion.SetResult(ready);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => completion.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        completion.OnCompleted(continuation, state, token, flags);
}
