namespace Airwave.Streaming.Rewind;

/// <summary>Thrown when a rewind dump was written in a format version this build cannot read.</summary>
public sealed class RewindDumpFormatException : FormatException
{
    public RewindDumpFormatException()
    {
    }

    public RewindDumpFormatException(string message)
        : base(message)
    {
    }

    public RewindDumpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
