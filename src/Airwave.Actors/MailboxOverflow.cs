namespace Airwave.Actors;

/// <summary>What a bounded mailbox does with a message that arrives while it is full.</summary>
public enum MailboxOverflow
{
    /// <summary>The arriving message is dropped and counted as a dead letter.</summary>
    DropNew,

    /// <summary>The oldest queued message is dropped (counted as a dead letter) to make room.</summary>
    DropHead,

    /// <summary>Tell throws <see cref="MailboxFullException"/> to the sender.</summary>
    Fail,
}
