using Akka;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Airwave.Channels.Ingest;

/// <summary>How the bytes of one ingest run ended, recorded so that every ordinary ending completes the graph instead of failing it.</summary>
/// <remarks>
/// A failed graph drops what its buffer holds; a completed one drains it. So a read error, a stall past the timeout and a
/// cancelled read all end the bytes like their end, and the chunks already made still reach the channel; the recorded
/// cause then tells the run's outcome. Any other exception still fails the graph.
/// </remarks>
public sealed class ByteStreamEnd
{
    /// <summary>What ended the bytes, or null when they simply ended.</summary>
    public Exception? Cause { get; private set; }

    /// <summary>Nothing arrived for the stall timeout.</summary>
    public bool Stalled => Cause is TimeoutException;

    /// <summary>The read error that ended the bytes (the connection broke rather than closed), if one did.</summary>
    public IOException? ReadError => Cause as IOException;

    /// <summary>The bytes, ending (as described above) after <paramref name="stallTimeout"/> without any.</summary>
    public Source<ByteString, NotUsed> Watch(Source<ByteString, NotUsed> bytes, TimeSpan stallTimeout)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes
            .IdleTimeout(stallTimeout)
            .Recover(e =>
            {
                // Source.UnfoldAsync fails with the read task's AggregateException, not with the read error itself.
                if (e is AggregateException { InnerExceptions: [var inner] })
                {
                    e = inner;
                }

                if (e is not (IOException or TimeoutException or OperationCanceledException))
                {
                    return Option<ByteString>.None;
                }

                Cause = e;
                return Option<ByteString>.Create(ByteString.Empty);
            });
    }
}
