namespace Airwave.Hocon;

/// <summary>A HOCON document could not be read, parsed or resolved; the message starts with <c>file:line:column</c>.</summary>
public sealed class HoconException : Exception
{
    public HoconException()
    {
    }

    public HoconException(string message)
        : base(message)
    {
    }

    public HoconException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HoconException(SourcePosition position, string message)
        : base($"{position}: {message}")
    {
        Position = position;
    }

    /// <summary>Where the problem was found, when it is known.</summary>
    public SourcePosition? Position { get; }
}
