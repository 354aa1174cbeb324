using Airwave.Persistence;

namespace Airwave.Streaming.Registry;

/// <summary>The channels added and removed through the admin API, kept as events so they come back after a restart.</summary>
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
        switch (message)
        {
            case ListRuntimeChannels list:
                list.ReplyTo.Tell(channels.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
                break;
            case AddRuntimeChannel add when channels.ContainsKey(add.Channel.Name):
                add.ReplyTo.Tell(false);
                break;
            case AddRuntimeChannel add:
                await PersistAsync(new ChannelAdded(add.Channel), ApplyEvent).ConfigureAwait(false);
                add.ReplyTo.Tell(true);
                break;
            case RemoveRuntimeChannel remove when !channels.ContainsKey(remove.Name):
                remove.ReplyTo.Tell(false);
                break;
            case RemoveRuntimeChannel remove:
                await PersistAsync(new ChannelRemoved(remove.Name), ApplyEvent).ConfigureAwait(false);
                remove.ReplyTo.Tell(true);
                break;
        }
    }
}
