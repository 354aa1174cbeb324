using Airwave.Hocon;
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
        return new ListenerSessionOptions(
            Positive(section, "checkpoint-interval", Default.CheckpointInterval),
            Positive(section, "expire-after", Default.ExpireAfter),
            Positive(section, "prune-interval", Default.PruneInterval),
            NotNegative(section, "drain-delay", Default.DrainDelay),
            Positive(section, "drain-timeout", Default.DrainTimeout));
    }

    private static TimeSpan NotNegative(IConfiguration section, string key, TimeSpan defaultValue)
    {
        var value = section.GetDuration(key, defaultValue);
        return value >= TimeSpan.Zero ? value : throw new FormatException($"sessions.{key} must not be negative, not \"{section[key]}\"");
    }

    private static TimeSpan Positive(IConfiguration section, string key, TimeSpan defaultValue)
    {
        var value = section.GetDuration(key, defaultValue);
        return value > TimeSpan.Zero ? value : throw new FormatException($"sessions.{key} must be longer than zero, not \"{section[key]}\"");
    }
}
