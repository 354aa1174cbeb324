namespace Airwave.Streaming.Fanout;

/// <summary>What a parked listener's step on the fan-out's thread came to.</summary>
public enum ParkedStep
{
    /// <summary>It sent all it could read, or there was nothing new: it stays parked.</summary>
    Stay,

    /// <summary>Its own loop must carry on: a send that did not finish, a stop, a move, a gap or a fallback to follow.</summary>
    Wake,

    /// <summary>The listener is gone: its connection failed.</summary>
    Gone,
}
