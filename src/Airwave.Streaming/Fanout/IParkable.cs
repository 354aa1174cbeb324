namespace Airwave.Streaming.Fanout;

/// <summary>A listener that can park on its channel's fan-out: what a <see cref="ParkedListener"/> steps.</summary>
/// <remarks>An interface the session implements, not a delegate: a delegate would be one more object per listener for as long as it listens.</remarks>
public interface IParkable
{
    /// <summary>Sends every chunk that arrived without waiting, or says why the listener's loop must take over.</summary>
    ParkedStep TakeStep();
}
