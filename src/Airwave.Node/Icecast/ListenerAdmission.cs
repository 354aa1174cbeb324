using Airwave.Streaming.Channels;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;

namespace Airwave.Node.Icecast;

/// <summary>A listener admitted to stream: what <see cref="ListenerEndpoint"/> decided before answering, handed to the streaming that follows.</summary>
/// <param name="Channel">The channel it asked for (the one it counts towards, even when it starts on the fallback).</param>
/// <param name="Head">The response head it is answered with.</param>
/// <param name="Playback">Where its audio starts, and in which codec.</param>
/// <param name="Shift">How far behind live it plays on purpose; zero for live listeners.</param>
/// <param name="Icy">True when ICY metadata is interleaved.</param>
/// <param name="Request">The request it was admitted for.</param>
/// <param name="Claim">Its client session, held while it streams.</param>
/// <param name="ResumedAtSeq">The chunk a resumed session continues at, or null for a fresh one.</param>
internal readonly record struct ListenerAdmission(
    LiveChannel Channel, ListenerHead Head, PlaybackStart Playback, TimeSpan Shift, bool Icy, ListenerRequest Request, SessionClaim Claim, long? ResumedAtSeq);
