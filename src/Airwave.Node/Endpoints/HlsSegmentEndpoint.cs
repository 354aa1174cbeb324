using System.Globalization;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Endpoints;

/// <summary>Serves <c>/mount/hls/{mediaSequence}.{mp3|aac|ts}</c> from the rewind buffer: 404 once evicted, 400 for anything that is not such a name.</summary>
internal sealed class HlsSegmentEndpoint(TimeProvider clock)
{
    public Task HandleAsync(HttpContext context, LiveChannel channel, string file)
    {
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        if (dot is < 1 or > 18
            || !long.TryParse(file.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var mediaSequence)
            || file[(dot + 1)..] is not ("mp3" or "aac" or "ts"))
        {
            return PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "segment names look like 123.mp3, 123.aac or 123.ts");
        }

        if (channel.Stream is not { } stream || file[(dot + 1)..] != SegmentFormat.Extension(stream.Format)
            || !channel.Segments.TryGet(mediaSequence, out var segment) || !SegmentPayload.IsHeld(channel.Buffer, segment))
        {
            return PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"{channel.Settings.Mount}: no segment {file} (unknown or left the rewind buffer)");
        }

        var (session, _) = HlsSessionId.Resolve(context.Request);
        channel.HlsSessions.Touch(session, clock.GetUtcNow().UtcTicks);
        return HlsResponses.WriteSegmentAsync(context, SegmentFormat.ContentType(stream.Format), channel.Buffer, segment, SegmentFormat.IsPackedAudio(stream.Format));
    }
}
