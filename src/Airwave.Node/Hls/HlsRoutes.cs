using Airwave.Node.Hosting;
using Airwave.Node.Http;

namespace Airwave.Node.Hls;

/// <summary>Routes the HLS URLs besides <c>/mount.m3u8</c>: <c>/mount/dvr.m3u8</c>, <c>/mount/hls/{segment}</c> and <c>/groups/{name}.m3u8</c>.</summary>
internal static class HlsRoutes
{
    public static void Map(IEndpointRouteBuilder routes, NodeRuntime node)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        routes.MapMethods("/{mount}/dvr.m3u8", methods, (HttpContext context, string mount, HlsPlaylistEndpoint hls) =>
            node.Channels.Find(mount) is { } channel ? hls.DvrAsync(context, channel) : NoSuchMountAsync(context, mount));
        routes.MapMethods("/{mount}/hls/{file}", methods, (HttpContext context, string mount, string file, HlsSegmentEndpoint segments) =>
            node.Channels.Find(mount) is { } channel ? segments.HandleAsync(context, channel, file) : NoSuchMountAsync(context, mount));
        routes.MapMethods("/groups/{file}", methods, (HttpContext context, string file, HlsGroupEndpoint groups) => groups.HandleAsync(context, file));
    }

    private static Task NoSuchMountAsync(HttpContext context, string mount) =>
        PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/{mount}: no such mount");
}
