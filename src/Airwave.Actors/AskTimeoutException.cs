namespace Airwave.Actors;

/// <summary>Thrown by Ask when the target did not reply in time, so callers can tell it apart from other failures.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    public AskTimeoutException()
    {
    }

    public AskTimeoutException(string message)
        : base(message)
    {
    }

    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
