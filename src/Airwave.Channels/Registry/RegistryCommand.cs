using Akka.Actor;

namespace Airwave.Channels.Registry;

/// <summary>What the channel registry is told.</summary>
public abstract record RegistryCommand;

/// <summary>Reply with every runtime-added channel.</summary>
public sealed record ListRuntimeChannels(IActorRef ReplyTo) : RegistryCommand;

/// <summary>Store a new channel; replies false when the name is taken.</summary>
public sealed record AddRuntimeChannel(RuntimeChannel Channel, IActorRef ReplyTo) : RegistryCommand;

/// <summary>Remove a stored channel; replies false when no such runtime channel exists.</summary>
public sealed record RemoveRuntimeChannel(string Name, IActorRef ReplyTo) : RegistryCommand;
