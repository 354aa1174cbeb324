using Airwave.Persistence;

namespace Airwave.Streaming.Registry;

/// <summary>
/// The channels added and removed through the admin API, kept as events so they come back after a restart. In a
/// cluster every node's registry reads and writes the same events: each catches up with the others before it answers
/// or writes, and a write that lost the race to another node's is retried once after catching up.
/// </summary>
public sealed class ChannelRegistryActor(PersistenceServices persistence) : PersistentActor<RegistryCommand>(persistence)
{
    private readonly Dictionary<string, RuntimeChannel> channels = new(StringComparer.Ordinal);

    protected override string PersistenceId => "channel-registry";

    /// <summary>Registers the event types with the serializer (once per serializer).</summary>
    public static void Register(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        serializer.Register<ChannelAdded>(ChannelAdded.Manifest);
        serializer.Register<ChannelRemoved>(ChannelRemoved.Manifest);
    }

    protected override void ApplyEvent(object persistedEvent)
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

    protected override async ValueTask ReceiveAsync(RegistryCommand message)
    {
        await CatchUpAsync().ConfigureAwait(false);
        switch (message)
        {
            case ListRuntimeChannels list:
                list.ReplyTo.Tell(channels.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
                break;
            case AddRuntimeChannel add when channels.ContainsKey(add.Channel.Name):
                add.ReplyTo.Tell(false);
                break;
            case AddRuntimeChannel add:
                add.ReplyTo.Tell(await PersistRacingAsync(new ChannelAdded(add.Channel), () => !channels.ContainsKey(add.Channel.Name)).ConfigureAwait(false));
                break;
            case RemoveRuntimeChannel remove when !channels.ContainsKey(remove.Name):
                remove.ReplyTo.Tell(false);
                break;
            case RemoveRuntimeChannel remove:
                remove.ReplyTo.Tell(await PersistRacingAsync(new ChannelRemoved(remove.Name), () => channels.ContainsKey(remove.Name)).ConfigureAwait(false));
                break;
        }
    }

    /// <summary>Persists <paramref name="change"/>; when another node wrote first, catches up and tries once more if the change still applies.</summary>
    private async Task<bool> PersistRacingAsync<TEvent>(TEvent change, Func<bool> stillApplies)
        where TEvent : notnull
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PersistAsync(change, applied => ApplyEvent(applied)).ConfigureAwait(false);
                return true;
            }
            catch (JournalConflictException) when (attempt == 1)
            {
                await CatchUpAsync().ConfigureAwait(false);
                if (!stillApplies())
                {
                    return false;
                }
            }
        }
    }
}
