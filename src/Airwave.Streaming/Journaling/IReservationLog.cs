namespace Airwave.Streaming.Journaling;

/// <summary>Where a hi/lo counter reads and durably writes its reservations.</summary>
/// <typeparam name="TEvent">The reservation event.</typeparam>
public interface IReservationLog<TEvent>
    where TEvent : class
{
    /// <summary>The newest reservation, or null when none was written yet.</summary>
    Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="reservation"/> durably (the ones before it are deleted).</summary>
    Task AppendAsync(TEvent reservation, CancellationToken cancellationToken = default);
}
