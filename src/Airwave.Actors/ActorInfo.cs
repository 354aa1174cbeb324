namespace Airwave.Actors;

/// <summary>One line of the actor hierarchy listing.</summary>
/// <param name="Path">The actor's path.</param>
/// <param name="TypeName">The actor implementation's type name.</param>
/// <param name="MailboxDepth">User messages waiting in its mailbox.</param>
public sealed record ActorInfo(string Path, string TypeName, int MailboxDepth);
