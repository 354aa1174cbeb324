using Airwave.Channels;
using Airwave.Media.Hls;
using Airwave.Node.Http;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Hls;

/// <summary>Serves <c>/groups/{name}.m3u8</c>: a master playlist with one EXT-X-STREAM-INF per member channel that has a stream.</summary>
internal sealed class HlsGroupEndpoint(ChannelDirectory channels, AdaptiveGroups groups)
{
    public Task HandleAsync(HttpContext context, string file)
    {
        if (!file.EndsWith(".m3u8", StringComparison.Ordinal) || !groups.TryGetMembers(file[..^".m3u8".Length], out var members))
        {
            return PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/groups/{file}: no such group");
        }

        var session = HlsSessionId.NewToken();
        var variants = members
            .Select(channels.Find)
            .OfType<LiveChannel>()
            .Where(channel => channel.Stream is not null)
            .Select(channel => new PlaylistVariant(
                $"{channel.Settings.Mount}.m3u8?{HlsSessionId.Query}={session}", Bandwidth(channel), SegmentFormat.Codecs(channel.Stream!.Format)))
            .ToList();
        return variants.Count == 0
            ? PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/groups/{file}: no member has a stream yet")
            : HlsResponses.WritePlaylistAsync(context.Response, MasterPlaylistWriter.Write(variants));
    }

    /// <summary>The announced bitrate, or the newest segment's measured one, in bits per second.</summary>
    private static long Bandwidth(LiveChannel channel)
    {
        if (channel.Stream is { BitrateKbps: > 0 } stream)
        {
            return stream.BitrateKbps * 1000L;
        }

        return channel.Segments.Latest is { DurationTicks: > 0 } latest
            ? (long)Math.Ceiling(latest.Bytes * 8 / latest.Duration.TotalSeconds)
            : 1;
    }
}
