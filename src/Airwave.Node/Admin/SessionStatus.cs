using Airwave.Streaming.Sessions;

namespace Airwave.Node.Admin;

/// <summary>One connected raw listener and its session, for <c>GET /api/sessions</c> and <c>sessions list</c>.</summary>
/// <param name="Id">The session id (what the listener presents to resume).</param>
/// <param name="ConnectionId">This connection.</param>
/// <param name="Channel">The channel's id.</param>
/// <param name="Remote">The client address.</param>
/// <param name="UserAgent">The client's user agent.</param>
/// <param name="ConnectedUtc">When this connection began.</param>
/// <param name="ShiftSeconds">How far behind live it plays.</param>
/// <param name="Bytes">Bytes sent on this connection.</param>
/// <param name="PlayheadSeq">The last chunk of the channel sent whole; null before the first.</param>
/// <param name="PlayheadUtc">That chunk's end on the stream timeline.</param>
/// <param name="Resumed">True when the connection resumed its session.</param>
/// <param name="ResumedAtSeq">The chunk it resumed at.</param>
/// <param name="Recorded">True while the connection's progress is checkpointed (a newer connection of the same session takes that over).</param>
internal sealed record SessionStatus(
    string Id,
    Guid ConnectionId,
    string Channel,
    string Remote,
    string UserAgent,
    DateTime ConnectedUtc,
    double ShiftSeconds,
    long Bytes,
    long? PlayheadSeq,
    DateTime? PlayheadUtc,
    bool Resumed,
    long? ResumedAtSeq,
    bool Recorded)
{
    public static SessionStatus Of(SessionConnection connection)
    {
        var handle = connection.Handle;
        var playhead = handle.Playhead;
        return new SessionStatus(
            connection.SessionId,
            handle.Id,
            connection.Channel,
            handle.Remote,
            handle.UserAgent,
            handle.ConnectedUtc,
            handle.Shift.TotalSeconds,
            handle.BytesSent,
            playhead.IsKnown ? playhead.Seq : null,
            playhead.IsKnown ? playhead.EndUtc : null,
            connection.ResumedAtSeq is not null,
            connection.ResumedAtSeq,
            connection.IsCheckpointed);
    }
}
