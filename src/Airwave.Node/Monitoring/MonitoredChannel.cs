using Airwave.Channels.Upstreams;
using Airwave.Node.Admin;
using Airwave.Node.Metrics;

namespace Airwave.Node.Monitoring;

/// <summary>One channel in the status push.</summary>
/// <param name="Status">What <c>/api/channels/{id}</c> answers.</param>
/// <param name="ListenersByOutput">Its listeners by output, as <c>airwave_listeners</c> counts them.</param>
/// <param name="Upstreams">A pulled channel's upstream health as <c>/api/channels/{id}/upstreams</c> answers it, without credentials or query in the URLs; null for other channels or an upstream actor that did not answer.</param>
internal sealed record MonitoredChannel(ChannelStatus Status, ListenerCounts ListenersByOutput, UpstreamsReply? Upstreams);
