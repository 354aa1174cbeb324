namespace Airwave.Actors;

/// <summary>How a parent treats a failing child: the directive per exception, restart backoff and the retry limit.</summary>
public sealed record SupervisorStrategy
{
    /// <summary>Maps a child's exception to a directive.</summary>
    public required Func<Exception, SupervisionDirective> Decider { get; init; }

    /// <summary>Delay before the first restart within the window; zero restarts at once.</summary>
    public TimeSpan MinBackoff { get; init; }

    /// <summary>Upper bound of the doubling restart delay.</summary>
    public TimeSpan MaxBackoff { get; init; }

    /// <summary>Random jitter added to each delay, as a fraction of it (0.2 adds up to 20%).</summary>
    public double RandomFactor { get; init; }

    /// <summary>Restarts allowed within <see cref="Window"/> before the child is stopped; negative means unlimited.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>The sliding time window in which restarts are counted.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Restart at once on any exception, at most 10 times a minute.</summary>
    public static SupervisorStrategy Default { get; } = new() { Decider = static _ => SupervisionDirective.Restart };

    /// <summary>Stop the child on any exception.</summary>
    public static SupervisorStrategy StopOnFailure { get; } = new() { Decider = static _ => SupervisionDirective.Stop };

    /// <summary>Resume the child on any exception.</summary>
    public static SupervisorStrategy ResumeOnFailure { get; } = new() { Decider = static _ => SupervisionDirective.Resume };

    /// <summary>Escalate every exception to the grandparent.</summary>
    public static SupervisorStrategy EscalateOnFailure { get; } = new() { Decider = static _ => SupervisionDirective.Escalate };

    /// <summary>Restart on any exception after an exponential backoff, stopping the child after <paramref name="maxRetries"/> restarts within <paramref name="window"/>.</summary>
    public static SupervisorStrategy RestartWithBackoff(
        TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, int maxRetries = 10, TimeSpan? window = null) => new()
        {
            Decider = static _ => SupervisionDirective.Restart,
            MinBackoff = minBackoff,
            MaxBackoff = maxBackoff,
            RandomFactor = randomFactor,
            MaxRetries = maxRetries,
            Window = window ?? TimeSpan.FromMinutes(1),
        };

    /// <summary>The delay before restart number <paramref name="attempt"/> (1-based) within the window.</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        if (MinBackoff <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var doubled = MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(doubled, Math.Max(MaxBackoff.TotalMilliseconds, MinBackoff.TotalMilliseconds));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jitter = 1 + (Random.Shared.NextDouble() * RandomFactor);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}
