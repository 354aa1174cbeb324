using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Where actors and the kernel log; nothing is logged by default.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Messages an actor handles in one turn before yielding its thread to other actors.</summary>
    public int MailboxThroughput { get; init; } = 512;

    /// <summary>Dead letters logged per <see cref="DeadLetterLogWindow"/>; the rest are only counted.</summary>
    public int DeadLetterLogLimit { get; init; } = 10;

    /// <summary>The window of the dead-letter log limit.</summary>
    public TimeSpan DeadLetterLogWindow { get; init; } = TimeSpan.FromSeconds(10);
}
