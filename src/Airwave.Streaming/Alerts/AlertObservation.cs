namespace Airwave.Streaming.Alerts;

/// <summary>A condition that holds now, as one evaluation of the node found it.</summary>
/// <param name="Key">The condition and its subject.</param>
/// <param name="Channel">The channel it is about, or null for node- and cluster-wide conditions.</param>
/// <param name="SinceUtc">
/// When the condition began, when the evaluator knows it (a source's departure); null when only its first sighting
/// tells, which the <see cref="AlertBook"/> remembers.
/// </param>
/// <param name="After">How long the condition must hold before it fires (zero: at once).</param>
/// <param name="Message">What an operator reads.</param>
public sealed record AlertObservation(AlertKey Key, string? Channel, DateTime? SinceUtc, TimeSpan After, string Message);
