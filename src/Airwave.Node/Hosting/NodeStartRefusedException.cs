namespace Airwave.Node.Hosting;

/// <summary>The node cannot start as configured (data directory in use, port taken); the message is the one line the user sees.</summary>
internal sealed class NodeStartRefusedException : Exception
{
    public NodeStartRefusedException()
    {
    }

    public NodeStartRefusedException(string message)
        : base(message)
    {
    }

    public NodeStartRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
