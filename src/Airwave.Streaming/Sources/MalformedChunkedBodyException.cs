namespace Airwave.Streaming.Sources;

/// <summary>A <c>Transfer-Encoding: chunked</c> body whose framing is broken (a size line that is not hex, too long, or data longer than its size).</summary>
/// <remarks>
/// An <see cref="IOException"/> because, to whoever reads the decoded body, broken framing ends it like a broken
/// connection: ingest keeps what it framed before it, and the source port can still answer 400 with <see cref="Exception.Message"/>
/// when nothing was answered yet (RFC 9112 §7.1 gives the body no length past a bad chunk, so the connection closes).
/// </remarks>
public sealed class MalformedChunkedBodyException(string message) : IOException(message);
