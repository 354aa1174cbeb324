using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Sessions;

/// <summary>The node's listener-session settings (<c>airwave.sessions</c>).</summary>
/// <param name="CheckpointInterval">How often the progress of every session that changed is written, in one batch.</param>
/// <param name="ExpireAfter">A session not seen for this long can no longer be resumed and is pruned.</param>
/// <param name="PruneInterval">How often expired sessions are looked for.</param>
/// <param name="DrainDelay">How long a shutting-down node keeps streaming to its listeners after it turned not ready (and refuses new ones), so load balancers notice first.</param>
/// <param name="DrainTimeout">How long a draining node waits for its raw listeners to reach a chunk boundary before it drops the rest.</param>
public sealed record ListenerSessionOptions(TimeSpan CheckpointInterval, TimeSpan ExpireAfter, TimeSpan PruneInterval, TimeSpan DrainDelay, TimeSpan DrainTimeout)
{
    /// <summary>The defaults of <c>reference.conf</c>.</summary>
    public static ListenerSessionOptions Default { get; } =
        new(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.FromSeconds(5));

    /// <summary>A session that changed nothing is still written this often while connected, so it never looks expired.</summary>
    public TimeSpan KeepAlive => TimeSpan.FromTicks(Math.Max(ExpireAfter.Ticks / 4, CheckpointInterval.Ticks));

    /// <summary>Reads <c>airwave.sessions</c>.</summary>
    /// <exception cref="FormatException">A value is malformed or not positive.</exception>
    public static ListenerSessionOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("airwave:sessions");
        // The minima keep a typo from writing every session in a tight loop or expiring them before a reconnect.
        return new ListenerSessionOptions(
            section.GetDuration("checkpoint-interval", Default.CheckpointInterval, TimeSpan.FromMilliseconds(100)),
            section.GetDuration("expire-after", Default.ExpireAfter, TimeSpan.FromSeconds(10)),
            section.GetDuration("prune-interval", Default.PruneInterval, TimeSpan.FromSeconds(1)),
            section.GetDuration("drain-delay", Default.DrainDelay, TimeSpan.Zero),
            section.GetDuration("drain-timeout", Default.DrainTimeout, TimeSpan.FromMilliseconds(100)));
    }
}
