namespace Airwave.Streaming.Listeners;

/// <summary>What the server does around one listener's stream: answers its request before the first chunk and lets it go after the last.</summary>
/// <remarks>
/// Called by <see cref="ListenerSession.RunAsync"/> instead of by a method that awaits it: a listener then holds one
/// suspended state machine for the hours it streams, not two (the outer one took 224 bytes).
/// </remarks>
public interface IListenerLifecycle
{
    /// <summary>Before the first chunk: sends what precedes the audio (the response head). Should it fail, the stream ends before it starts.</summary>
    Task OpenAsync(ListenerSession session);

    /// <summary>After the last chunk, however the stream ended: left, dropped, stopped, or never opened.</summary>
    Task ClosedAsync(ListenerSession session);
}
