namespace Airwave.Actors.Internal;

/// <summary>An actor's keyed timers; a fired timer goes through the system mailbox and is dropped if cancelled meanwhile.</summary>
internal sealed class TimerScheduler<TMessage>(ActorCell owner) : ITimerScheduler<TMessage>
{
    private readonly Dictionary<object, Entry> _timers = [];

    public void StartSingleTimer(object key, TMessage message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, TMessage message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, TMessage message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>Takes the message of a fired timer if that timer is still the current one for its key.</summary>
    public bool TryTakeMessage(object fired, out TMessage message)
    {
        var entry = (Entry)fired;
        if (!_timers.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
        {
            message = default!;
            return false;
        }

        if (!entry.IsPeriodic)
        {
            _timers.Remove(entry.Key);
            entry.Dispose();
        }

        message = entry.Message;
        return true;
    }

    private void Start(object key, TMessage message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (period != Timeout.InfiniteTimeSpan && period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A periodic timer needs a positive interval.");
        }

        Cancel(key);
        _timers[key] = new Entry(owner, key, message, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, period);
    }

    private sealed class Entry : IDisposable
    {
        private readonly Timer _timer;

        public Entry(ActorCell owner, object key, TMessage message, TimeSpan dueTime, TimeSpan period)
        {
            Owner = owner;
            Key = key;
            Message = message;
            IsPeriodic = period != Timeout.InfiniteTimeSpan;
            _timer = new Timer(static state => ((Entry)state!).Fire(), this, dueTime, period);
        }

        public ActorCell Owner { get; }

        public object Key { get; }

        public TMessage Message { get; }

        public bool IsPeriodic { get; }

        public void Dispose() => _timer.Dispose();

        private void Fire() => Owner.SendSystem(new TimerFired(this));
    }
}
