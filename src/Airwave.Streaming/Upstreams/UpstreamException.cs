namespace Airwave.Streaming.Upstreams;

/// <summary>A pull attempt failed for a reason worth showing to the operator; <see cref="Kind"/> drives failover.</summary>
public sealed class UpstreamException : Exception
{
    public UpstreamException()
    {
    }

    public UpstreamException(string message)
        : base(message)
    {
    }

    public UpstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UpstreamException(UpstreamFailureKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>How the failure counts towards failover.</summary>
    public UpstreamFailureKind Kind { get; }
}
