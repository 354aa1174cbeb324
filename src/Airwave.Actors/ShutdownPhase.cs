namespace Airwave.Actors;

/// <summary>The names of the coordinated shutdown phases, in the order they run (Akka's names).</summary>
public static class ShutdownPhase
{
    public const string BeforeServiceUnbind = "before-service-unbind";
    public const string ServiceUnbind = "service-unbind";
    public const string ServiceRequestsDone = "service-requests-done";
    public const string ServiceStop = "service-stop";
    public const string BeforeClusterShutdown = "before-cluster-shutdown";
    public const string ClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";
    public const string ClusterLeave = "cluster-leave";
    public const string ClusterExiting = "cluster-exiting";
    public const string ClusterExitingDone = "cluster-exiting-done";
    public const string ClusterShutdown = "cluster-shutdown";
    public const string BeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string ActorSystemTerminate = "actor-system-terminate";

    /// <summary>All phases in running order.</summary>
    public static IReadOnlyList<string> Ordered { get; } =
    [
        BeforeServiceUnbind, ServiceUnbind, ServiceRequestsDone, ServiceStop, BeforeClusterShutdown,
        ClusterShardingShutdownRegion, ClusterLeave, ClusterExiting, ClusterExitingDone, ClusterShutdown,
        BeforeActorSystemTerminate, ActorSystemTerminate,
    ];
}
