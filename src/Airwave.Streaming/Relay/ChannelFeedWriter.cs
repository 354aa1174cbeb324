using System.IO.Pipelines;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Relay;

/// <summary>The owner's side of the internal chunk feed: sends a channel's chunks, state and HLS segments to one relay, then follows live.</summary>
/// <remarks>
/// Chunks go out in sequence order, each once, with the owner's numbers and times; a chunk evicted before it could be sent
/// is skipped and the next one carries the discontinuity marker. Per chunk nothing is allocated: the header and payload
/// are written straight into the response pipe, and committed only when the payload was still intact after the copy.
/// </remarks>
public sealed class ChannelFeedWriter(LiveChannel channel, PipeWriter output, Func<bool> stillOwned)
{
    /// <summary>How long an idle feed waits before it sends a heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    private const int FlushThreshold = 256 * 1024;

    /// <summary>How long a feed whose channel left this node waits for an append already under way before its last send.</summary>
    private static readonly TimeSpan FinalGrace = TimeSpan.FromMilliseconds(50);
    private FeedState? sentState;
    private long lastSegment = -1;
    private long segmentFloor;
    private bool segmentsByEnd;
    private bool live;

    /// <summary>Chunks sent so far.</summary>
    public long ChunksSent { get; private set; }

    /// <summary>
    /// Streams until the relay goes away, <paramref name="cancellationToken"/> fires, or the channel leaves this node;
    /// then it sends what the channel appended before it left, so every relay of the channel ends on the same chunk.
    /// </summary>
    public async Task RunAsync(FeedStart start, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var next = start.FirstSeq(channel.Buffer, nowUtc);
        // A relay that holds chunks gets the segments ending after its newest chunk (the one it is in the middle of too);
        // a new relay only the segments whose chunks it all gets. Segments re-indexed over older chunks never go out.
        segmentFloor = start.AfterSeq is { } after ? after + 1 : next;
        segmentsByEnd = start.AfterSeq is not null;
        lastSegment = start.AfterSegment ?? -1;
        var skipped = false;
        while (!cancellationToken.IsCancellationRequested && stillOwned())
        {
            var wake = channel.Signal.NextAsync();
            WriteStateIfChanged();
            (next, skipped) = WriteChunks(next, skipped);
            WriteClosedSegments(next);
            if (!live && next > channel.Buffer.Snapshot().LastSeq)
            {
                live = true;
                WriteEmpty(FeedFrameType.Live);
            }

            if ((await output.FlushAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
            {
                return;
            }

            try
            {
                await wake.WaitAsync(HeartbeatInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                WriteEmpty(FeedFrameType.Heartbeat);
            }
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(FinalGrace, cancellationToken).ConfigureAwait(false);
            (next, _) = WriteChunks(next, skipped);
            WriteClosedSegments(next);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private (long Next, bool Skipped) WriteChunks(long next, bool skipped)
    {
        var buffer = channel.Buffer;
        while (true)
        {
            var status = buffer.TryRead(next, out var header, out var payload);
            if (status == ChunkReadStatus.Evicted)
            {
                var held = buffer.Snapshot();
                if (held.IsEmpty)
                {
                    return (next, skipped);
                }

                next = held.FirstSeq;
                skipped = true;
                continue;
            }

            if (status != ChunkReadStatus.Available)
            {
                return (next, skipped);
            }

            var size = FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize + header.PayloadLength;
            var span = output.GetSpan(size);
            FeedFrames.WriteChunkHeader(span, header, skipped || header.Seq > next ? ChunkMarkers.Discontinuity : ChunkMarkers.None);
            payload.Span.CopyTo(span[(FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize)..]);
            if (!buffer.IsPayloadIntact(header.Seq))
            {
                continue;
            }

            output.Advance(size);
            ChunksSent++;
            skipped = false;
            next = header.Seq + 1;
            if (output.UnflushedBytes > FlushThreshold)
            {
                return (next, skipped);
            }
        }
    }

    private void WriteStateIfChanged()
    {
        var state = FeedState.Of(channel);
        if (state == sentState)
        {
            return;
        }

        var json = state.ToJson();
        var span = output.GetSpan(FeedFrames.FrameHeaderSize + json.Length);
        FeedFrames.WriteFrameHeader(span, FeedFrameType.State, json.Length);
        json.CopyTo(span[FeedFrames.FrameHeaderSize..]);
        output.Advance(FeedFrames.FrameHeaderSize + json.Length);
        sentState = state;
    }

    /// <summary>Sends the segments closed since the last one sent whose chunks all went out already.</summary>
    private void WriteClosedSegments(long next)
    {
        if (channel.Segments.Latest is not { } latest || latest.MediaSequence <= lastSegment)
        {
            return;
        }

        foreach (var segment in channel.Segments.After(lastSegment))
        {
            if (segment.LastSeq >= next)
            {
                break;
            }

            if ((segmentsByEnd ? segment.LastSeq : segment.FirstSeq) >= segmentFloor)
            {
                var span = output.GetSpan(FeedFrames.FrameHeaderSize + FeedFrames.SegmentSize);
                FeedFrames.WriteSegment(span, segment);
                output.Advance(FeedFrames.FrameHeaderSize + FeedFrames.SegmentSize);
            }

            lastSegment = segment.MediaSequence;
        }
    }

    private void WriteEmpty(FeedFrameType type)
    {
        FeedFrames.WriteFrameHeader(output.GetSpan(FeedFrames.FrameHeaderSize), type, 0);
        output.Advance(FeedFrames.FrameHeaderSize);
    }
}
