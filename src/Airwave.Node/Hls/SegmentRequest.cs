using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Hls;

/// <summary>A live segment request taken on the raw connection, with the segment it names already found in the rewind buffer.</summary>
/// <param name="Channel">The channel (or relay) the segment belongs to.</param>
/// <param name="Segment">The segment, held in full when the request was routed.</param>
/// <param name="IsHead">True for <c>HEAD</c>: answer the head only.</param>
/// <param name="Protocol"><c>HTTP/1.1</c> or <c>HTTP/1.0</c>, answered in kind.</param>
/// <param name="KeepAlive">True when the client keeps the connection for its next request.</param>
/// <param name="SessionId">The HLS session the request belongs to (see <see cref="HlsSessionId"/>).</param>
/// <param name="Client">The client's address.</param>
/// <param name="UserAgent">The client's user agent.</param>
internal sealed record SegmentRequest(LiveChannel Channel, HlsSegment Segment, bool IsHead, string Protocol, bool KeepAlive, string SessionId, string Client, string UserAgent);
