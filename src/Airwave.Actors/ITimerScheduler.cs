namespace Airwave.Actors;

/// <summary>Keyed timers that send a message to the owning actor; a key names at most one timer.</summary>
/// <typeparam name="TMessage">The owning actor's message type.</typeparam>
public interface ITimerScheduler<in TMessage>
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="delay"/>, replacing any timer with the same key.</summary>
    void StartSingleTimer(object key, TMessage message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> every <paramref name="interval"/>, replacing any timer with the same key.</summary>
    void StartPeriodicTimer(object key, TMessage message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, TMessage message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>Whether a timer with this key is pending.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer; a message it already fired is not delivered.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of the actor.</summary>
    void CancelAll();
}
