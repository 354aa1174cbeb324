using Airwave.Streaming.Upstreams;
using Akka.Actor;

namespace Airwave.Channels.Upstreams;

/// <summary>What a channel's upstream actor is told: by its own pull sessions and timers, and by the admin API.</summary>
public abstract record UpstreamCommand;

/// <summary>Open a connection to the current upstream (a timer after backoff, or at once).</summary>
public sealed record ConnectUpstream(int Generation) : UpstreamCommand;

/// <summary>A pull session's first media reached the channel.</summary>
public sealed record SessionStreaming(int Generation) : UpstreamCommand;

/// <summary>A pull session ended; <paramref name="Error"/> says why (null when it was cancelled).</summary>
public sealed record SessionEnded(int Generation, UpstreamFailureKind Kind, string? Error) : UpstreamCommand;

/// <summary>Periodic check: on-demand open/close and fail-back probes.</summary>
public sealed record UpstreamTick : UpstreamCommand
{
    public static UpstreamTick Instance { get; } = new();
}

/// <summary>The answer of a probe of the preferred upstream while another one plays.</summary>
public sealed record FailBackProbed(int Index, string? Error) : UpstreamCommand;

/// <summary>Switch to the upstream with this URL now (added to the list when it is not in it); it becomes the preferred one.</summary>
public sealed record SwitchUpstream(string Url, IActorRef ReplyTo) : UpstreamCommand;

/// <summary>Move to the next upstream now; it becomes the preferred one.</summary>
public sealed record NextUpstream(IActorRef ReplyTo) : UpstreamCommand;

/// <summary>Ask for the health of every upstream.</summary>
public sealed record GetUpstreams(IActorRef ReplyTo) : UpstreamCommand;

/// <summary>Close the upstream connection, then stop; the way an upstream actor is stopped (<c>GracefulStop</c>).</summary>
public sealed record StopPulling : UpstreamCommand
{
    public static StopPulling Instance { get; } = new();
}

/// <summary>The upstream actor's answer to the admin commands: the upstreams after the command.</summary>
/// <param name="Active">Index of the upstream in use.</param>
/// <param name="Connected">True while a connection is open (false for an idle on-demand channel).</param>
/// <param name="Upstreams">Health of every upstream.</param>
/// <param name="Failovers">Times a failure moved the channel to another upstream since the actor started (switches and fail-backs not counted).</param>
public sealed record UpstreamsReply(int Active, bool Connected, IReadOnlyList<UpstreamStatus> Upstreams, long Failovers);
