using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Tests.Hls;

/// <summary>Reservations kept in memory: the segmenter's numbering without the channel actor's Akka.Persistence journal.</summary>
internal sealed class MemoryReservationLog<TEvent> : IReservationLog<TEvent>
    where TEvent : class
{
    private TEvent? latest;

    public Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default) => Task.FromResult(latest);

    public Task AppendAsync(TEvent reservation, CancellationToken cancellationToken = default)
    {
        latest = reservation;
        return Task.CompletedTask;
    }
}
