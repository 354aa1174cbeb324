using Airwave.Persistence.Analytics;

namespace Airwave.Streaming.Analytics;

/// <summary>A listening event: a listen began, went on, or ended, with the listen as it stood then.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="AtUtc">When.</param>
/// <param name="Listen">The listen's figures at that moment.</param>
public sealed record ListenEvent(ListenEventKind Kind, DateTime AtUtc, ListenRow Listen);
