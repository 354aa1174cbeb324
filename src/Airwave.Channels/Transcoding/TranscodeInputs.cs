using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Transcoding;

namespace Airwave.Channels.Transcoding;

/// <summary>Finds where an ffmpeg run of a transcode session is fed from, for any place in the session: the archive and rewind buffer for a window, the rewind buffer for a live session.</summary>
/// <param name="planner">Plans archive windows.</param>
public sealed class TranscodeInputs(ClipPlanner planner)
{
    /// <summary>The feed for the audio <paramref name="position"/> after <paramref name="origin"/>; null when the channel holds none there.</summary>
    /// <param name="channel">The source channel.</param>
    /// <param name="key">The session: a window ends at its end, a live session follows the channel.</param>
    /// <param name="origin">Where the session's position 0 is (UTC).</param>
    /// <param name="position">Where the run starts.</param>
    /// <param name="cancellationToken">Stops planning.</param>
    public async Task<TranscodeInput?> AtAsync(LiveChannel channel, TranscodeSessionKey key, DateTime origin, TimeSpan position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(key);
        var target = origin + position;
        if (key.EndUtc is { } end)
        {
            if (target >= end)
            {
                return null;
            }

            var plan = await planner.PlanAsync(channel, target, end, cancellationToken).ConfigureAwait(false);
            return plan is null || plan.Length == 0 ? null : Lined(channel, plan.Format, -1, plan, plan.StartUtc, target, origin);
        }

        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return null;
        }

        var found = channel.Buffer.FindByTime(target);
        var (seq, fed) = found.Outcome is TimeLookupOutcome.Contained or TimeLookupOutcome.InGap or TimeLookupOutcome.BeforeOldest
            ? (found.Seq, found.StartUtc)
            : (held.LastSeq, target);
        var format = channel.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available ? header.Format : AudioFormat.Unknown;
        return format == AudioFormat.Unknown ? null : Lined(channel, format, seq, null, fed, target, origin);
    }

    /// <summary>A feed starting before the target is trimmed to it; one starting after it (a gap, or audio older than the buffer holds) starts where it is.</summary>
    private static TranscodeInput Lined(LiveChannel channel, AudioFormat format, long seq, ClipPlan? window, DateTime fed, DateTime target, DateTime origin) =>
        fed < target
            ? new TranscodeInput(channel, format, seq, window, target - fed, target - origin)
            : new TranscodeInput(channel, format, seq, window, TimeSpan.Zero, fed - origin);
}
