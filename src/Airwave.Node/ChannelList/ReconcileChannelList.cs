using Akka.Actor;

namespace Airwave.Node.ChannelList;

/// <summary>Asks the <see cref="ChannelListReconciler"/> to read the list now and, unless <paramref name="DryRun"/>, apply it; it answers a <see cref="ChannelListOutcome"/>.</summary>
internal sealed record ReconcileChannelList(bool DryRun, IActorRef ReplyTo);
