using Airwave.Node.Http;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Hls;

/// <summary>Serves <c>/mount/hls/{mediaSequence}.{mp3|aac|ts}</c> from the rewind buffer: 404 once evicted, 400 for anything that is not such a name.</summary>
/// <remarks>
/// A request for a segment this node does not have yet but may get in a moment waits up to <see cref="AheadWait"/> for
/// it: behind a load balancer a player may read the playlist from one slave and ask another that is a few hundred
/// milliseconds behind on the same feed. That is one of the next <see cref="AheadLimit"/> segments, or, right after the
/// channel moved to another master, the new owner's first ones: its numbers continue above the old owner's reserved
/// block (<see cref="SegmentSequence.MediaBlockSize"/>), so they jump ahead by up to a block. A slave one segment behind
/// answered 404 for them, and ffmpeg reading through a balancer during a rolling restart reported the error.
/// </remarks>
internal sealed class HlsSegmentEndpoint(ListeningRecorder listening, TimeProvider clock)
{
    private const int AheadLimit = 2;
    private static readonly TimeSpan AheadWait = TimeSpan.FromSeconds(3);

    public async Task HandleAsync(HttpContext context, LiveChannel channel, string file)
    {
        if (!SegmentFileName.TryParse(file, out var mediaSequence, out var extension))
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, SegmentFileName.Expected).ConfigureAwait(false);
            return;
        }

        await WaitIfJustAheadAsync(channel, mediaSequence, context.RequestAborted).ConfigureAwait(false);
        if (SegmentFileName.FindHeld(channel, mediaSequence, extension) is not { } segment)
        {
            await PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: no segment {file} (unknown or left the rewind buffer)").ConfigureAwait(false);
            return;
        }

        var (session, _) = HlsSessionId.Resolve(context.Request);
        channel.HlsSessions.Touch(session, clock.GetUtcNow().UtcTicks);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            channel.Counters.HlsSegmentServed();
            listening.HlsSegmentSent(HlsDelivery.Of(segment), session, context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Headers.UserAgent.ToString());
        }

        await HlsResponses.WriteSegmentAsync(context, SegmentFormat.ContentType(segment.Format), channel.Buffer, segment, SegmentFormat.IsPackedAudio(segment.Format)).ConfigureAwait(false);
    }

    private static async Task WaitIfJustAheadAsync(LiveChannel channel, long mediaSequence, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AheadWait;
        while (channel.Segments.Latest is { } latest && mediaSequence > latest.MediaSequence
            && mediaSequence <= latest.MediaSequence + SegmentSequence.MediaBlockSize + AheadLimit)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await channel.Signal.NextAsync().WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                return;
            }
        }
    }
}
