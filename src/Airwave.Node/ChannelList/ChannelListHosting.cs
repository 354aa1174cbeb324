using Airwave.Channels;
using Airwave.Node.Hosting;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Airwave.Node.ChannelList;

/// <summary>Starts the <see cref="ChannelListReconciler"/>: a plain actor on a standalone node, an Akka cluster singleton on the masters of a cluster.</summary>
internal static class ChannelListHosting
{
    private const string Name = "channel-list";

    /// <summary>The reconciler to ask (the singleton's proxy in a cluster), or null when no list is configured.</summary>
    public static IActorRef? Start(ActorSystem system, NodeSettings node, ChannelListSettings? list, ChannelDirectory channels, ChannelListHealth health, TimeProvider clock)
    {
        if (list is null)
        {
            return null;
        }

        // One client for the node's lifetime: the list is fetched every interval.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var props = Props.Create(() => new ChannelListReconciler(new ChannelListReader(list.From, http), channels, health, list.Interval, clock));
        if (node.Cluster is not { } cluster)
        {
            return system.ActorOf(props, Name);
        }

        // Masters run the channels, so one of them reconciles; every node (slaves too) reaches it through the proxy.
        if (cluster.Roles.Contains("master"))
        {
            system.ActorOf(ClusterSingletonManager.Props(props, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system).WithRole("master")), Name);
        }

        return system.ActorOf(ClusterSingletonProxy.Props("/user/" + Name, ClusterSingletonProxySettings.Create(system).WithRole("master")), Name + "-proxy");
    }
}
