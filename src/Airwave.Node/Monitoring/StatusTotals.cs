using Airwave.Node.Metrics;

namespace Airwave.Node.Monitoring;

/// <summary>The node's sums in the status push.</summary>
/// <param name="Channels">Channels running or relayed here.</param>
/// <param name="SourcesConnected">Those fed by a source now (on a relay: the owner's source).</param>
/// <param name="Listeners">Listeners of all of them, by output.</param>
/// <param name="AlertsFiring">Alerts firing on this node.</param>
internal sealed record StatusTotals(int Channels, int SourcesConnected, ListenerCounts Listeners, int AlertsFiring);
