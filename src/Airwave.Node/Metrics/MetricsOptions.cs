using Airwave.Hocon.Values;

namespace Airwave.Node.Metrics;

/// <summary>The node's metrics settings (<c>airwave.metrics</c>).</summary>
/// <param name="OnListenerPort">
/// True when <c>GET /metrics</c> is answered on the listener port too, without a token (Icecast's <c>/status-json.xsl</c>
/// tells as much there); the admin port always answers it, to the admin or a read-only token.
/// </param>
internal sealed record MetricsOptions(bool OnListenerPort)
{
    /// <summary>Reads <c>airwave.metrics</c>.</summary>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static MetricsOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave:metrics");
        return new MetricsOptions(section.GetSwitch("listener-port", true));
    }
}
