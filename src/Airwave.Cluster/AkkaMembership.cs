using Airwave.Cluster.Membership;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMember = Akka.Cluster.Member;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Airwave.Cluster;

/// <summary>
/// This node's membership, Akka.Cluster's: it registers the node in <c>cluster_node</c>, joins the seed nodes or, with
/// none configured, the live nodes registered there (<see cref="JoinAsync"/>), and answers the admin API from
/// <c>Cluster.State</c> with the HTTP addresses the registry adds.
/// </summary>
public sealed class AkkaMembership : IMembershipView, IAsyncDisposable
{
    /// <summary>How long a node forming through the database waits to be Up before it lets the next node try.</summary>
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(30);
    private readonly AkkaCluster cluster;
    private readonly NodeRegistry registry;
    private readonly ClusterOptions options;
    private readonly MembershipEventLog events;
    private readonly ILogger log;
    private volatile IReadOnlyDictionary<string, NodeEntry> entries = new Dictionary<string, NodeEntry>();

    private AkkaMembership(ActorSystem system, NodeRegistry registry, ClusterOptions options, NodeEntry self, ILogger log)
    {
        cluster = AkkaCluster.Get(system);
        this.registry = registry;
        this.options = options;
        this.log = log;
        Self = self;
        events = new MembershipEventLog(TimeProvider.System);
        var membershipEvents = events;
        Action<IReadOnlyList<NodeEntry>> read = Remember;
        ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new MembershipActor(registry, self, membershipEvents, read, log)), "cluster-membership");
    }

    /// <summary>This node's row: its Akka address, HTTP address and incarnation (new at every start).</summary>
    public NodeEntry Self { get; }

    public bool IsClustered => true;

    public MembershipSnapshot Snapshot
    {
        get
        {
            var state = cluster.State;
            var known = entries;
            var members = state.Members
                .Select(m => MemberOf(m, !state.Unreachable.Contains(m), known))
                .ToList();
            return new MembershipSnapshot(Self.Address, state.Leader?.ToString(), members);
        }
    }

    /// <summary>
    /// Registers this node and joins the cluster. Refused (an <see cref="InvalidOperationException"/> saying why) when a
    /// live node keeps its journal elsewhere: a channel moving between them would restart its numbering.
    /// </summary>
    public static async Task<AkkaMembership> StartAsync(ActorSystem system, ClusterOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var registry = await NodeRegistry.OpenAsync(options.ConnectionString, options.Schema, cancellationToken).ConfigureAwait(false);
        try
        {
            var self = new NodeEntry(
                AkkaCluster.Get(system).SelfAddress.ToString(), Guid.NewGuid(), options.Address, options.AdminAddress, options.Roles, options.Journal, DateTime.UtcNow, true);
            var membership = new AkkaMembership(system, registry, options, self, loggers.CreateLogger<AkkaMembership>());
            await membership.JoinAsync(cancellationToken).ConfigureAwait(false);
            return membership;
        }
        catch
        {
            await registry.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IReadOnlyList<string> Leave(string address) => Act(address, cluster.Leave);

    public IReadOnlyList<string> Down(string address) => Act(address, cluster.Down);

    public IReadOnlyList<string> DownUnreachable()
    {
        var unreachable = cluster.State.Unreachable.Select(m => m.Address).ToList();
        unreachable.ForEach(cluster.Down);
        return [.. unreachable.Select(a => a.ToString())];
    }

    public Task<MembershipEventPage> EventsAfterAsync(long? after, TimeSpan wait, CancellationToken cancellationToken) =>
        after is { } from
            ? events.AfterAsync(from, wait, cancellationToken)
            : Task.FromResult(new MembershipEventPage(events.LastId, []));

    /// <summary>Coordinated shutdown, first: this node leaves (no master allocates it shards while it drains) and takes its row out of the seed candidates.</summary>
    public async Task LeaveSelfAsync(CancellationToken cancellationToken)
    {
        cluster.Leave(cluster.SelfAddress);
        await registry.RemoveAsync(Self.Address, Self.Incarnation, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => registry.DisposeAsync();

    internal static MemberStatus StatusOf(AkkaMemberStatus status) => status switch
    {
        AkkaMemberStatus.Joining => MemberStatus.Joining,
        AkkaMemberStatus.WeaklyUp => MemberStatus.WeaklyUp,
        AkkaMemberStatus.Up => MemberStatus.Up,
        AkkaMemberStatus.Leaving => MemberStatus.Leaving,
        AkkaMemberStatus.Exiting => MemberStatus.Exiting,
        AkkaMemberStatus.Down => MemberStatus.Down,
        _ => MemberStatus.Removed,
    };

    private static Member MemberOf(AkkaMember member, bool reachable, IReadOnlyDictionary<string, NodeEntry> known)
    {
        var address = member.Address.ToString();
        var entry = known.GetValueOrDefault(address);
        return new Member(
            address, entry?.HttpAddress ?? "", entry?.AdminAddress ?? "", entry?.Incarnation ?? Guid.Empty, [.. member.Roles.Order(StringComparer.Ordinal)],
            StatusOf(member.Status), reachable, member.AppVersion.ToString());
    }

    /// <summary>
    /// Seed nodes when configured; else, under the formation lock, this node first and then the live registered nodes,
    /// oldest first: Akka joins the first of those that answers, or forms a new cluster of this node alone when none does
    /// within <c>seed-node-timeout</c>. The lock is held until this node is Up, so two nodes starting at once never form two.
    /// </summary>
    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (options.SeedNodes.Count > 0)
        {
            await RegisterAsync(cancellationToken).ConfigureAwait(false);
            cluster.JoinSeedNodes([.. options.SeedNodes.Select(Address.Parse)]);
            log.LogInformation("joining the cluster through seed nodes {Seeds}", string.Join(", ", options.SeedNodes));
            return;
        }

        await using var formation = (await registry.LockFormationAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var others = await RegisterAsync(cancellationToken).ConfigureAwait(false);
        var seeds = others.Where(e => e.Live).Select(e => e.Address).ToList();
        if (seeds.Count == 0)
        {
            log.LogInformation("no live node in the cluster database: forming a new cluster");
        }
        else
        {
            log.LogInformation("joining the cluster through the live nodes in the cluster database: {Seeds}", string.Join(", ", seeds));
        }

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.JoinSeedNodes([cluster.SelfAddress, .. seeds.Select(Address.Parse)]);
        try
        {
            await up.Task.WaitAsync(FormationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.LogWarning("not Up {Seconds} s after joining: letting the next node try while this one keeps joining", FormationTimeout.TotalSeconds);
        }
    }

    /// <summary>Writes this node's row after checking the others' journals; returns the other nodes' rows.</summary>
    private async Task<List<NodeEntry>> RegisterAsync(CancellationToken cancellationToken)
    {
        var all = await registry.ReadAsync(cancellationToken).ConfigureAwait(false);
        var others = all.Where(e => e.Address != Self.Address).ToList();
        if (others.FirstOrDefault(e => e.Live && e.Journal != Self.Journal) is { } elsewhere)
        {
            throw new InvalidOperationException(
                $"this node's journal is {Self.Journal}, but {elsewhere.Address} ({elsewhere.HttpAddress}) keeps its journal in {elsewhere.Journal}: " +
                "every node of a cluster must share one, or a channel that moves restarts its sequence numbers. " +
                "Leave airwave.persistence unset on every node (it then lives in airwave.cluster.database) or give them all the same one");
        }

        await registry.RegisterAsync(Self, cancellationToken).ConfigureAwait(false);
        Remember([.. all.Where(e => e.Address != Self.Address), Self]);
        return others;
    }

    private void Remember(IReadOnlyList<NodeEntry> read) => entries = read.ToDictionary(e => e.Address);

    /// <summary>Applies <paramref name="change"/> to the members <paramref name="address"/> names: an Akka address, its host:port, or a member's HTTP address.</summary>
    private List<string> Act(string address, Action<Address> change)
    {
        var snapshot = Snapshot;
        var matched = snapshot.Members
            .Where(m => m.Address == address || m.HttpAddress == address || m.Address.EndsWith("@" + address, StringComparison.Ordinal))
            .Select(m => m.Address)
            .ToList();
        matched.ForEach(a => change(Address.Parse(a)));
        return matched;
    }
}
