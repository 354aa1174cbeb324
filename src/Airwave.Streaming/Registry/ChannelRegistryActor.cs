using Airwave.Persistence;
using Akka.Actor;

namespace Airwave.Streaming.Registry;

/// <summary>
/// The channels added and removed through the admin API, kept as events so they come back after a restart. In a
/// cluster every node's registry reads and writes the same events: each catches up with the others before it answers
/// or writes, and a write that lost the race to another node's is retried once after catching up.
/// </summary>
/// <remarks>
/// Several writers of one persistence id is what Akka.Persistence rules out (one live writer per id), so until the
/// registry becomes a single cluster-wide entity it folds the journal's events itself, on the actor's turn.
/// </remarks>
public sealed class ChannelRegistryActor : ReceiveActor
{
    private const string PersistenceId = "channel-registry";
    private readonly Dictionary<string, RuntimeChannel> channels = new(StringComparer.Ordinal);
    private readonly PersistenceServices persistence;
    private long lastSequenceNr;

    public ChannelRegistryActor(PersistenceServices persistence)
    {
        this.persistence = persistence;
        ReceiveAsync<ListRuntimeChannels>(async list =>
        {
            await CatchUpAsync().ConfigureAwait(true);
            list.ReplyTo.Tell(channels.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
        });
        ReceiveAsync<AddRuntimeChannel>(async add =>
        {
            await CatchUpAsync().ConfigureAwait(true);
            add.ReplyTo.Tell(!channels.ContainsKey(add.Channel.Name)
                && await PersistRacingAsync(new ChannelAdded(add.Channel), () => !channels.ContainsKey(add.Channel.Name)).ConfigureAwait(true));
        });
        ReceiveAsync<RemoveRuntimeChannel>(async remove =>
        {
            await CatchUpAsync().ConfigureAwait(true);
            remove.ReplyTo.Tell(channels.ContainsKey(remove.Name)
                && await PersistRacingAsync(new ChannelRemoved(remove.Name), () => channels.ContainsKey(remove.Name)).ConfigureAwait(true));
        });
    }

    /// <summary>Registers the event types with the serializer (once per serializer).</summary>
    public static void Register(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        serializer.Register<ChannelAdded>(ChannelAdded.Manifest);
        serializer.Register<ChannelRemoved>(ChannelRemoved.Manifest);
    }

    private void Apply(object persistedEvent)
    {
        switch (persistedEvent)
        {
            case ChannelAdded added:
                channels[added.Channel.Name] = added.Channel;
                break;
            case ChannelRemoved removed:
                channels.Remove(removed.Name);
                break;
        }
    }

    /// <summary>Persists <paramref name="change"/>; when another node wrote first, catches up and tries once more if the change still applies.</summary>
    private async Task<bool> PersistRacingAsync(object change, Func<bool> stillApplies)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var next = lastSequenceNr + 1;
                await persistence.Journal.WriteAsync(PersistenceId, [new EventToWrite(next, persistence.Serializer.Serialize(change))]).ConfigureAwait(true);
                lastSequenceNr = next;
                Apply(change);
                return true;
            }
            catch (JournalConflictException) when (attempt == 1)
            {
                await CatchUpAsync().ConfigureAwait(true);
                if (!stillApplies())
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Applies the events written since this actor last read or wrote (at first start: all of them).</summary>
    private async Task CatchUpAsync()
    {
        await foreach (var stored in persistence.Journal.ReadEventsAsync(PersistenceId, lastSequenceNr + 1, long.MaxValue, long.MaxValue).ConfigureAwait(true))
        {
            Apply(persistence.Serializer.Deserialize(stored.Payload));
            lastSequenceNr = stored.SequenceNr;
        }

        lastSequenceNr = Math.Max(lastSequenceNr, await persistence.Journal.HighestSequenceNumberAsync(PersistenceId).ConfigureAwait(true));
    }
}
