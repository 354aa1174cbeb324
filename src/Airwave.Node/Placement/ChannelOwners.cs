using Airwave.Cluster.Sharding;
using Akka.Actor;

namespace Airwave.Node.Placement;

/// <summary>Finds the master serving a channel by asking its entity through the <c>channels</c> region (a proxy on slaves), which starts it if needed.</summary>
internal sealed class ChannelOwners(IActorRef region, string self)
{
    /// <summary>How long to wait for the entity's answer: a running entity answers in milliseconds and a shard starts well within it; a question sent to a dead master is lost, and the relay asks again sooner.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The HTTP address of the master serving <paramref name="channelId"/>, or null while none answers, or when it is this node.</summary>
    public async Task<string?> OwnerAsync(string channelId, CancellationToken cancellationToken)
    {
        try
        {
            var owner = await region.Ask<ChannelOwner>(new LocateChannel(channelId), AskTimeout, cancellationToken).ConfigureAwait(false);
            // This node past its shard lease still runs the entity for a moment: it must not point at itself.
            return owner.HttpAddress == self ? null : owner.HttpAddress;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
