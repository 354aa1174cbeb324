using Akka.Actor;

namespace Airwave.Node.Admin;

/// <summary>The node's live actors as Akka sees them, for <c>airwave actor hierarchy</c>: path, actor type and mailbox depth.</summary>
/// <remarks>Walks the local cells from the user and system guardians; a local node's own tree needs no remote lookup.</remarks>
internal static class ActorHierarchy
{
    public static IReadOnlyList<ActorStatus> Of(ActorSystem system)
    {
        var extended = (ExtendedActorSystem)system;
        var actors = new List<ActorStatus>();
        Walk(extended.Guardian, actors);
        Walk(extended.SystemGuardian, actors);
        return actors;
    }

    private static void Walk(IActorRef actor, List<ActorStatus> actors)
    {
        if (actor is not ActorRefWithCell { Underlying: { } cell } withCell)
        {
            return;
        }

        actors.Add(new ActorStatus(actor.Path.ToString(), cell.Props.Type?.Name ?? "?", cell.NumberOfMessages));
        foreach (var child in withCell.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal))
        {
            Walk(child, actors);
        }
    }
}
