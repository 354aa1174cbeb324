namespace Airwave.Node.Icecast;

/// <summary>What a listener's head says about its session.</summary>
/// <param name="Id">The session id (presented or new).</param>
/// <param name="ResumedAtSeq">The chunk a resumed session starts at; null when it starts fresh.</param>
internal readonly record struct ListenerHeadSession(string Id, long? ResumedAtSeq);
