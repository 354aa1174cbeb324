namespace Airwave.Actors;

/// <summary>Thrown to the sender when a bounded mailbox with <see cref="MailboxOverflow.Fail"/> is full.</summary>
public sealed class MailboxFullException : InvalidOperationException
{
    public MailboxFullException()
    {
    }

    public MailboxFullException(string message)
        : base(message)
    {
    }

    public MailboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
