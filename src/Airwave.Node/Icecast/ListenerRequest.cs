using Airwave.Streaming.Channels;

namespace Airwave.Node.Icecast;

/// <summary>A listener's request as the listener core needs it, whichever transport carried it.</summary>
/// <param name="Channel">The channel the listener asked for.</param>
/// <param name="When">The <c>/mount/live/{when}</c> path form, or null.</param>
/// <param name="At">The <c>?at=</c> value, or null.</param>
/// <param name="Offset">The <c>?offset=</c> value, or null.</param>
/// <param name="IcyMetaData">True when the client sent <c>Icy-MetaData: 1</c>.</param>
/// <param name="IsHead">True for <c>HEAD</c>: answer the head only.</param>
/// <param name="Remote">The client's IP address.</param>
/// <param name="UserAgent">The client's <c>User-Agent</c>, or empty.</param>
/// <param name="SessionId">The valid session id the client presented (<c>?sid=</c>, else the <c>airwave-sid</c> cookie), or null.</param>
internal readonly record struct ListenerRequest(
    LiveChannel Channel, string? When, string? At, string? Offset, bool IcyMetaData, bool IsHead, string Remote, string UserAgent, string? SessionId)
{
    /// <summary>True when the listener asked for a point in time itself; a session then starts there rather than resuming.</summary>
    public bool AsksForTime => When is not null || At is not null || Offset is not null;
}
