using Airwave.Channels;
using Airwave.Node.Archive;
using Airwave.Node.Hls;
using Airwave.Node.Hosting;
using Airwave.Node.Http;
using Airwave.Node.Pages;
using Airwave.Streaming.Clips;

namespace Airwave.Node.Icecast;

/// <summary>Routes listener URLs on port 8000: <c>/mount</c>, <c>/mount/live/{when}</c>, <c>/mount.m3u</c>, <c>/mount.pls</c>, HLS (<c>/mount.m3u8</c>, <see cref="HlsRoutes"/>) and DRR downloads (<c>/mount-YYYYMMDDHHMM_MIN.mp3</c>, <see cref="ArchiveRoutes"/>).</summary>
internal static class ListenerRoutes
{
    public static void Map(IEndpointRouteBuilder routes, NodeRuntime node)
    {
        routes.MapMethods("/{mount}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string mount, ListenerEndpoint listeners, HlsPlaylistEndpoint hls, ArchiveEndpoint archive) =>
            ServeMountAsync(context, node.Channels, listeners, hls, archive, mount));
        routes.MapMethods("/{mount}/live/{when}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string mount, string when, ListenerEndpoint listeners) =>
            node.Channels.Find(mount) is { } channel
                ? listeners.HandleAsync(context, channel, when)
                : NotFoundAsync(context, mount));
        routes.MapGet("/", () => Results.Content(IndexPage.Render(node.Channels.All), "text/html; charset=utf-8"));
    }

    private static Task ServeMountAsync(
        HttpContext context, ChannelDirectory channels, ListenerEndpoint listeners, HlsPlaylistEndpoint hls, ArchiveEndpoint archive, string mount)
    {
        if (channels.Find(mount) is { } channel)
        {
            return listeners.HandleAsync(context, channel, when: null);
        }

        var extension = Path.GetExtension(mount);
        if (extension == ".m3u8" && channels.Find(mount[..^extension.Length]) is { } streamed)
        {
            return hls.WindowAsync(context, streamed);
        }

        if (extension is ".m3u" or ".pls" && channels.Find(mount[..^extension.Length]) is { } listed)
        {
            var playlist = extension == ".m3u" ? PlaylistEndpoints.M3u(context.Request, listed) : PlaylistEndpoints.Pls(context.Request, listed);
            return playlist.ExecuteAsync(context);
        }

        if (DrrClipName.TryParse(mount, out var clip) && channels.Find(clip!.Mount) is { } archived)
        {
            return archive.DrrAsync(context, archived, clip);
        }

        return ArchiveNames.HasPathTricks(mount) ? ArchiveRoutes.BadNameAsync(context) : NotFoundAsync(context, mount);
    }

    private static Task NotFoundAsync(HttpContext context, string mount) =>
        PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/{mount}: no such mount");
}
