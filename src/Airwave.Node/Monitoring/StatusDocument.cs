using Airwave.Node.Admin;
using Airwave.Node.Alerts;

namespace Airwave.Node.Monitoring;

/// <summary>What the status push POSTs: one document per push, built from the objects <c>/api/node</c>, <c>/api/channels</c> and <c>/api/alerts</c> answer.</summary>
/// <param name="PushedUtc">When it was read.</param>
/// <param name="Node">What <c>/api/node</c> answers, with this node's cluster roles.</param>
/// <param name="Totals">Sums over <paramref name="Channels"/>.</param>
/// <param name="Channels">Every channel running or relayed here.</param>
/// <param name="Alerts">The alerts firing on this node (oldest first).</param>
internal sealed record StatusDocument(DateTime PushedUtc, NodeStatus Node, StatusTotals Totals, IReadOnlyList<MonitoredChannel> Channels, IReadOnlyList<AlertNotice> Alerts);
