using Airwave.Channels;

namespace Airwave.Node.Monitoring;

/// <summary>
/// What the metadata push POSTs, and what <c>restore-from</c> reads back: the numbers a node must never hand out again
/// (each channel's chunk sequence, HLS media and discontinuity sequences), which live only in its journal.
/// </summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>; a restore refuses any other.</param>
/// <param name="Node">The node that pushed it (<c>airwave.node-name</c>).</param>
/// <param name="PushedUtc">When it was read.</param>
/// <param name="Final">True for the push at a graceful stop, made once listeners were closed: no listener saw a higher number.</param>
/// <param name="Channels">Every channel run (not relayed) here that numbered anything.</param>
internal sealed record MetadataDocument(string Format, string Node, DateTime PushedUtc, bool Final, IReadOnlyList<ChannelSequences> Channels)
{
    public const string CurrentFormat = "airwave-metadata/1";

    /// <summary>The sequences of the channels <paramref name="channels"/> runs here; relays are left out, their numbers are their owner's.</summary>
    public static MetadataDocument Of(string node, ChannelDirectory channels, DateTime now, bool final) =>
        new(CurrentFormat, node, now, final, [.. channels.All.Where(c => c.Relay is null).Select(ChannelSequences.Of).OfType<ChannelSequences>()]);
}
