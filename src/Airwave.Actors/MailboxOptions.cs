namespace Airwave.Actors;

/// <summary>Chooses an actor's mailbox: unbounded, or bounded with an overflow strategy.</summary>
/// <param name="Capacity">Maximum queued user messages; null means unbounded.</param>
/// <param name="Overflow">What to do when a bounded mailbox is full.</param>
public sealed record MailboxOptions(int? Capacity, MailboxOverflow Overflow)
{
    /// <summary>A mailbox that never refuses a message.</summary>
    public static MailboxOptions Unbounded { get; } = new(null, MailboxOverflow.DropNew);

    /// <summary>A mailbox holding at most <paramref name="capacity"/> messages.</summary>
    public static MailboxOptions Bounded(int capacity, MailboxOverflow overflow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new MailboxOptions(capacity, overflow);
    }
}
