namespace Airwave.Streaming.Journaling;

/// <summary>
/// The durable side of a hi/lo counter: the newest reservation known written, and the next one written <em>ahead</em> of
/// need in the background, so numbering never waits for the journal while a block lasts. With half a block to go the
/// counter asks for the next one; if the journal is down (a database restart, a network cut), the numbers still in hand
/// carry the audio through and the write is tried again every <see cref="RetryEvery"/> numbers.
/// </summary>
/// <remarks>Its methods are called by one caller at a time (the channel); only the background write completes elsewhere, and it publishes one reference.</remarks>
/// <typeparam name="TEvent">The reservation event.</typeparam>
public sealed class ReservationAhead<TEvent>(IReservationLog<TEvent> log)
    where TEvent : class
{
    /// <summary>How many numbers handed out after a failed write ahead before it is tried again.</summary>
    public const int RetryEvery = 20;

    private volatile TEvent? durable;
    private Task? writing;
    private int untilRetry;

    /// <summary>The newest reservation known to be durable (null before the first).</summary>
    public TEvent? Durable => durable;

    /// <summary>Reads the newest reservation in the journal.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        durable = await log.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts writing <paramref name="next"/> unless a write is under way or a failed one is waiting to be retried; never waits.</summary>
    public void WriteAhead(TEvent next)
    {
        if (writing is { IsCompleted: false } || untilRetry-- > 0)
        {
            return;
        }

        writing = WriteAsync(next);
    }

    /// <summary>
    /// Waits for a write under way, then writes what <paramref name="needed"/> asks of the reservation now durable (null:
    /// nothing more is needed). Throws when that write fails: the counter has no number it may hand out.
    /// </summary>
    public async Task WriteNowAsync(Func<TEvent?, TEvent?> needed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needed);
        if (writing is { } underWay)
        {
            await underWay.ConfigureAwait(false);
        }

        if (needed(durable) is { } next)
        {
            await log.AppendAsync(next, cancellationToken).ConfigureAwait(false);
            durable = next;
        }
    }

    /// <summary>Writes in the background; a failure is only counted, since numbers are still in hand (the log's actor reports the cause).</summary>
    private async Task WriteAsync(TEvent next)
    {
        try
        {
            await log.AppendAsync(next).ConfigureAwait(false);
            durable = next;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            untilRetry = RetryEvery;
        }
    }
}
