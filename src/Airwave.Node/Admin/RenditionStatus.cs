using Airwave.Streaming.Transcoding;

namespace Airwave.Node.Admin;

/// <summary>What a rendition channel is made of and how its transcoder does (null transcoder fields on a relay of it).</summary>
/// <param name="Of">The source channel's id.</param>
/// <param name="Codec">aac or mp3.</param>
/// <param name="BitrateKbps">The bitrate ffmpeg encodes at.</param>
/// <param name="Transcoder">waiting, running, restarting or refused; null on a node that relays the rendition.</param>
/// <param name="TranscoderSinceUtc">When the transcoder got there.</param>
/// <param name="ProcessId">The running ffmpeg's process id.</param>
/// <param name="Starts">ffmpeg processes started since the rendition started here.</param>
/// <param name="Failures">Runs that ended because of ffmpeg (crash, stall, garbage).</param>
/// <param name="Reason">Why it is not running, or why the last run ended.</param>
internal sealed record RenditionStatus(
    string Of, string Codec, int BitrateKbps, string? Transcoder, DateTime? TranscoderSinceUtc, int? ProcessId, int Starts, int Failures, string Reason)
{
    public static RenditionStatus From(RenditionSettings rendition, TranscoderStatus? transcoder) => new(
        rendition.SourceChannel,
        rendition.Encoding.Codec.ToString().ToLowerInvariant(),
        rendition.Encoding.TotalBitrateKbps,
        transcoder?.Phase.ToString().ToLowerInvariant(),
        transcoder?.SinceUtc,
        transcoder?.ProcessId,
        transcoder?.Starts ?? 0,
        transcoder?.Failures ?? 0,
        transcoder?.Reason ?? "");
}
