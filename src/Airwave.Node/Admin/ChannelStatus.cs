using Airwave.Streaming.Channels;

namespace Airwave.Node.Admin;

/// <summary>A channel as the admin API and <c>airwave channels</c> show it.</summary>
internal sealed record ChannelStatus(
    string Id,
    string Mount,
    string Source,
    string? SourceClient,
    string? ContentType,
    int BitrateKbps,
    int Listeners,
    int PeakListeners,
    int MaxListeners,
    string Title,
    long FirstSeq,
    long LastSeq,
    DateTime? OldestUtc,
    DateTime? NewestUtc,
    double BufferSeconds,
    long BufferBytes,
    long BytesIn,
    long BytesOut,
    long SlowListenersDropped,
    string FallbackMount,
    int HlsSessions,
    int HlsSegments,
    long? HlsMediaSequence,
    RelayStatus? Relay,
    RenditionStatus? Rendition)
{
    public static ChannelStatus Of(LiveChannel channel)
    {
        var held = channel.Buffer.Snapshot();
        var stream = channel.Stream;
        return new ChannelStatus(
            channel.Id,
            channel.Settings.Mount,
            channel.Source.ToString().ToLowerInvariant(),
            channel.SourceClient?.Remote,
            stream?.ContentType,
            stream?.BitrateKbps ?? 0,
            channel.Listeners.Count,
            channel.Counters.PeakListeners,
            channel.Settings.MaxListeners,
            channel.NowPlaying.Title,
            held.IsEmpty ? -1 : held.FirstSeq,
            held.IsEmpty ? -1 : held.LastSeq,
            held.IsEmpty ? null : held.OldestUtc,
            held.IsEmpty ? null : held.NewestUtc,
            held.IsEmpty ? 0 : Math.Round(held.Duration.TotalSeconds, 3),
            held.PayloadBytes,
            channel.Counters.BytesIn,
            channel.Counters.BytesOut,
            channel.Counters.SlowListenersDropped,
            channel.Settings.FallbackMount,
            channel.HlsSessions.Active(DateTime.UtcNow.Ticks),
            channel.Segments.Count,
            channel.Segments.Latest?.MediaSequence,
            channel.Relay is { } relay ? new RelayStatus(relay.Owner, relay.Connected, relay.Reconnects) : null,
            channel.Settings.Rendition is { } rendition ? RenditionStatus.From(rendition, channel.Transcoder) : null);
    }
}
