using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Cluster.Sharding;

/// <summary>This master's shard leases: which shards it owns now (with their fencing epochs) and when that changes.</summary>
public sealed class ShardLeaseKeeper
{
    private readonly ActorSystem system;
    private readonly ShardOwnership ownership;
    private readonly IActorRef actor;

    private ShardLeaseKeeper(
        ActorSystem system, ShardLeaseTable table, ShardLeaseOptions options, ShardOwnerId self, Func<MembershipSnapshot> membership, TimeProvider clock, ILogger log)
    {
        this.system = system;
        Self = self;
        ownership = new ShardOwnership(clock);
        Action<ShardOwnershipChanged> changed = c => OwnershipChanged?.Invoke(this, c);
        Func<CancellationToken, Task> handOff = HandOffAsync;
        actor = ((ExtendedActorSystem)system).SystemActorOf(
            Props.Create(() => new ShardLeaseKeeperActor(table, options, self, membership, ownership, clock, changed, handOff, log)), "shard-lease-keeper");
    }

    /// <summary>Raised on the keeper's thread whenever shards are gained or lost (given up, refused, rebalanced or released).</summary>
    public event EventHandler<ShardOwnershipChanged>? OwnershipChanged;

    public ShardOwnerId Self { get; }

    /// <summary>
    /// Stops what runs on shards this node gives away (a rebalance) before their leases are released, so the next owner
    /// starts them only after they stopped here; awaited at most a renewal interval. Null: nothing to stop.
    /// </summary>
    public Func<CancellationToken, Task>? HandOff { get; set; }

    /// <summary>Shard to fencing epoch, for the shards this node owns now: empty once its local deadline passed without renewal.</summary>
    public IReadOnlyDictionary<int, long> OwnedShards => ownership.Owned;

    /// <summary>Starts keeping leases for <paramref name="self"/>, a master, following the members <paramref name="membership"/> reports.</summary>
    public static ShardLeaseKeeper Start(
        ActorSystem system, ShardLeaseTable table, ShardLeaseOptions options, ShardOwnerId self, Func<MembershipSnapshot> membership, ILoggerFactory loggers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        return new(system, table, options, self, membership, clock ?? TimeProvider.System, loggers.CreateLogger<ShardLeaseKeeper>());
    }

    public bool Owns(int shardId) => ownership.Owned.ContainsKey(shardId);

    private Task HandOffAsync(CancellationToken cancellationToken) => HandOff?.Invoke(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Stops owning every shard at once and stops acquiring, keeping the leases (graceful leave, first step): this node
    /// serves nothing as owner any more, and its channels stop before <see cref="ReleaseAllAsync"/> lets others take them.
    /// </summary>
    public async Task StopOwningAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new StopOwningShards(done));
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases every lease and stops acquiring, so other masters take the shards at once (graceful leave).</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new ReleaseAllShards(done));
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        system.Stop(actor);
    }
}
