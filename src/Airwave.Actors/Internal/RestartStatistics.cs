namespace Airwave.Actors.Internal;

/// <summary>Counts a child's restarts within its strategy's sliding window; touched only by the parent.</summary>
internal sealed class RestartStatistics
{
    private readonly Queue<long> _restarts = new();

    /// <summary>Records a restart and returns its number within the window, or -1 when the limit is exceeded.</summary>
    public int Record(SupervisorStrategy strategy)
    {
        var now = Environment.TickCount64;
        var windowStart = now - (long)strategy.Window.TotalMilliseconds;
        while (_restarts.TryPeek(out var oldest) && oldest < windowStart)
        {
            _restarts.Dequeue();
        }

        if (strategy.MaxRetries >= 0 && _restarts.Count >= strategy.MaxRetries)
        {
            return -1;
        }

        _restarts.Enqueue(now);
        return _restarts.Count;
    }
}
