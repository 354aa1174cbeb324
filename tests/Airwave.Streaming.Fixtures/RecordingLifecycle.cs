using Airwave.Streaming.Listeners;

namespace Airwave.Streaming.Fixtures;

/// <summary>A listener's lifecycle as a test drives it: opens when <see cref="Open"/> lets it, counts the closes, runs <paramref name="closing"/> at each.</summary>
/// <param name="closing">What the server would do once the stream ended (end the listener's session), or null.</param>
public sealed class RecordingLifecycle(Func<Task>? closing = null) : IListenerLifecycle
{
    private int closed;

    /// <summary>Completed by the test to let the stream open, or failed to make the opening fail; open at once unless <see cref="Hold"/> was called.</summary>
    public TaskCompletionSource Open { get; private set; } = Opened();

    public int Closed => Volatile.Read(ref closed);

    /// <summary>Makes the next opening wait for <see cref="Open"/>.</summary>
    public RecordingLifecycle Hold()
    {
        Open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    public Task OpenAsync(ListenerSession session) => Open.Task;

    public async Task ClosedAsync(ListenerSession session)
    {
        Interlocked.Increment(ref closed);
        if (closing is not null)
        {
            await closing();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
