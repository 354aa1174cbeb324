using Airwave.Persistence;
using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Channels;

/// <summary>Hands out a channel's chunk sequence numbers so they never repeat or go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Numbers are reserved in blocks (hi/lo): one journal write per <see cref="BlockSize"/> chunks. After a crash the
/// channel continues above the last reserved block, so numbers may skip but never repeat.
/// </remarks>
public sealed class ChannelSequence
{
    public const int BlockSize = 1000;

    private readonly LatestEventLog<SequenceReserved> log;
    private long next;
    private long reservedUpTo = -1;

    public ChannelSequence(string channelId, IJournal journal, EventSerializer serializer) =>
        log = new LatestEventLog<SequenceReserved>(journal, serializer, "channel-sequence/" + channelId);

    /// <summary>The number the next chunk gets.</summary>
    public long Peek => next;

    /// <summary>Registers the event type with the serializer (once per serializer).</summary>
    public static void Register(EventSerializer serializer) => serializer.Register<SequenceReserved>(SequenceReserved.Manifest);

    /// <summary>Continues after both the journal's reservation and the highest number still held in the rewind buffer.</summary>
    public async Task RecoverAsync(long highestHeld, CancellationToken cancellationToken = default)
    {
        if (await log.ReadLatestAsync(cancellationToken).ConfigureAwait(false) is { } reserved)
        {
            reservedUpTo = reserved.UpTo;
        }

        next = Math.Max(highestHeld, reservedUpTo) + 1;
    }

    /// <summary>The next sequence number, reserving a new block first when the current one is used up.</summary>
    public async ValueTask<long> NextAsync(CancellationToken cancellationToken = default)
    {
        if (next > reservedUpTo)
        {
            var upTo = next + BlockSize - 1;
            await log.AppendAsync(new SequenceReserved(upTo), cancellationToken).ConfigureAwait(false);
            reservedUpTo = upTo;
        }

        return next++;
    }
}
