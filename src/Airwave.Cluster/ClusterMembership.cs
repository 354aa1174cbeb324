using Airwave.Cluster.Membership;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Cluster;

/// <summary>
/// This node's membership in the cluster database: registers the node at start, runs its heartbeat actor, answers the
/// admin API and walks the node out (Leaving, Exiting, Removed) through coordinated shutdown.
/// </summary>
public sealed class ClusterMembership : IMembershipView, IAsyncDisposable
{
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(250);
    private const int EventPageSize = 500;
    private readonly ActorSystem system;
    private readonly MembershipTable table;
    private readonly ClusterOptions options;
    private readonly MembershipState state;
    private readonly IActorRef actor;

    private ClusterMembership(ActorSystem system, MembershipTable table, ClusterOptions options, Guid incarnation, Action<SelfExit> onExit, ILogger log)
    {
        this.system = system;
        this.table = table;
        this.options = options;
        Incarnation = incarnation;
        state = new MembershipState(new MembershipSnapshot(options.Address, null, []), onExit);
        var membershipState = state;
        actor = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new MembershipActor(table, options, incarnation, membershipState, log)), "cluster-membership");
    }

    /// <summary>This process's incarnation: new at every start, so a restarted node is a new member.</summary>
    public Guid Incarnation { get; }

    public bool IsClustered => true;

    public MembershipSnapshot Snapshot => state.Snapshot;

    /// <summary>Creates the tables when needed, registers this node as Joining and starts heartbeating; <paramref name="onExit"/> runs once when the node finds it must stop.</summary>
    public static async Task<ClusterMembership> StartAsync(
        ActorSystem system, ClusterOptions options, Action<SelfExit> onExit, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var table = await MembershipTable.OpenAsync(options.ConnectionString, options.Schema, cancellationToken).ConfigureAwait(false);
        var incarnation = Guid.NewGuid();
        try
        {
            await table.RegisterAsync(options, incarnation, cancellationToken).ConfigureAwait(false);
            await table.TransitionAsync(
                new MemberFilter([MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down])
                {
                    Address = options.Address,
                    ExceptIncarnation = incarnation,
                },
                MemberStatus.Removed, $"replaced by incarnation {incarnation:N}", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await table.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ClusterMembership(system, table, options, incarnation, onExit, loggers.CreateLogger<ClusterMembership>());
    }

    public Task<IReadOnlyList<MembershipEvent>> LeaveAsync(string address, CancellationToken cancellationToken) =>
        ChangeAsync(new MemberFilter([MemberStatus.Joining, MemberStatus.Up]) { Address = address }, MemberStatus.Leaving, "leave requested", cancellationToken);

    public Task<IReadOnlyList<MembershipEvent>> DownAsync(string address, CancellationToken cancellationToken) =>
        ChangeAsync(
            new MemberFilter([MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting]) { Address = address },
            MemberStatus.Down, "downed by an operator", cancellationToken);

    public Task<IReadOnlyList<MembershipEvent>> DownUnreachableAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            new MemberFilter([MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting]) { SilentFor = options.FailureTimeout },
            MemberStatus.Down, "downed as unreachable by an operator", cancellationToken);

    public async Task<MembershipEventPage> EventsAfterAsync(long? after, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (after is not { } from)
        {
            return new MembershipEventPage(await table.LastEventIdAsync(cancellationToken).ConfigureAwait(false), []);
        }

        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var events = await table.EventsAfterAsync(from, EventPageSize, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0 || DateTime.UtcNow >= deadline)
            {
                return new MembershipEventPage(events.Count > 0 ? events[^1].Id : from, events);
            }

            await Task.Delay(EventPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Coordinated shutdown, first (before-service-unbind): this node announces it is Leaving.</summary>
    public Task LeaveSelfAsync(CancellationToken cancellationToken)
    {
        state.MarkStopping();
        return SelfAsync([MemberStatus.Joining, MemberStatus.Up], MemberStatus.Leaving, "leaving: node shutting down", cancellationToken);
    }

    /// <summary>Coordinated shutdown, cluster-exiting phase: this node has handed off its work and is Exiting.</summary>
    public Task ExitingSelfAsync(CancellationToken cancellationToken) =>
        SelfAsync([MemberStatus.Leaving], MemberStatus.Exiting, "exiting: node shutting down", cancellationToken);

    /// <summary>Coordinated shutdown, cluster-shutdown phase: stops heartbeating and marks this node Removed.</summary>
    public async Task RemoveSelfAsync(CancellationToken cancellationToken)
    {
        system.Stop(actor);
        await SelfAsync([MemberStatus.Exiting], MemberStatus.Removed, "removed: node shut down", cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => table.DisposeAsync();

    private Task<IReadOnlyList<MembershipEvent>> SelfAsync(MemberStatus[] from, MemberStatus to, string reason, CancellationToken cancellationToken) =>
        table.TransitionAsync(new MemberFilter(from) { Address = options.Address, Incarnation = Incarnation }, to, reason, cancellationToken);

    private async Task<IReadOnlyList<MembershipEvent>> ChangeAsync(MemberFilter filter, MemberStatus to, string reason, CancellationToken cancellationToken)
    {
        var events = await table.TransitionAsync(filter, to, reason, cancellationToken).ConfigureAwait(false);
        actor.Tell(MembershipTick.Instance);
        return events;
    }
}
