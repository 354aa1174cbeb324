namespace Airwave.Streaming.Listeners;

/// <summary>What <see cref="IAudioSink.TryFlush"/> came to.</summary>
public enum FlushOutcome
{
    /// <summary>Everything written went out.</summary>
    Sent,

    /// <summary>Some of it is still held: <see cref="IAudioSink.FlushAsync"/> sends the rest when the listener takes it.</summary>
    Pending,

    /// <summary>The listener is gone.</summary>
    Gone,
}
