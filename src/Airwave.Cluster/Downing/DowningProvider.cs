using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.SBR;
using Akka.Configuration;
using Akka.Coordination;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Airwave.Cluster.Downing;

/// <summary>
/// The cluster's downing provider (<c>akka.cluster.downing-provider-class</c>): Akka's split-brain resolver with the
/// <c>lease-majority</c> strategy, read from the same <c>akka.cluster.split-brain-resolver</c> settings and holding the
/// same lease, except that the leader never downs a member its own failure detector hears (<see cref="DowningState"/>).
/// Akka's <c>down-all-when-unstable</c> is not used: a view that keeps changing does not down every member, it has the
/// leader decide on what it cannot hear.
/// </summary>
public sealed class DowningProvider : IDowningProvider
{
    private readonly ActorSystem system;
    private readonly AkkaCluster cluster;
    private readonly SplitBrainResolverSettings settings;

    /// <summary>The constructor Akka calls.</summary>
    public DowningProvider(ActorSystem system, AkkaCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(cluster);
        this.system = system;
        this.cluster = cluster;
        settings = new SplitBrainResolverSettings(system.Settings.Config);
        if (settings.DowningStrategy != SplitBrainResolverSettings.LeaseMajorityName)
        {
            throw new ConfigurationException(
                $"akka.cluster.split-brain-resolver.active-strategy = {settings.DowningStrategy}: {typeof(DowningProvider).FullName} decides only with lease-majority; set it, or set akka.cluster.downing-provider-class to Akka's resolver for the other strategies");
        }
    }

    /// <summary>As Akka's resolver: <c>akka.cluster.down-removal-margin</c> when set, else <c>stable-after</c>.</summary>
    public TimeSpan DownRemovalMargin =>
        system.Settings.Config.GetString("akka.cluster.down-removal-margin", "off") is "off" or ""
            ? settings.DowningStableAfter
            : system.Settings.Config.GetTimeSpan("akka.cluster.down-removal-margin");

    public Props DowningActorProps
    {
        get
        {
            var majority = settings.LeaseMajoritySettings;
            var lease = LeaseProvider.Get(system).GetLease(majority.SafeLeaseName(system.Name), majority.LeaseImplementation, cluster.SelfAddress.HostPort());
            var state = new DowningState(cluster.SelfUniqueAddress, settings.DowningStableAfter, majority.AcquireLeaseDelayForMinority, majority.Role);
            return Props.Create(() => new DowningActor(cluster, cluster.FailureDetector, state, lease, majority.ReleaseAfter));
        }
    }
}
