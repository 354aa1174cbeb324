using Airwave.Node.Hosting;
using Airwave.Node.Http;
using Airwave.Node.Icecast;
using Airwave.Streaming.Clips;

namespace Airwave.Node.Archive;

/// <summary>Routes the archive URLs: <c>/mount/download</c>, <c>/mount/archive.m3u8</c> and <c>/mount/archive/{segment}</c> (DRR names arrive through <see cref="ListenerRoutes"/>).</summary>
internal static class ArchiveRoutes
{
    public static void Map(IEndpointRouteBuilder routes, NodeRuntime node)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        routes.MapMethods("/{mount}/download", methods, (HttpContext context, string mount, ArchiveEndpoint archive) =>
            ArchiveNames.HasPathTricks(mount) ? BadNameAsync(context)
            : node.Channels.Find(mount) is { } channel ? archive.DownloadAsync(context, channel) : NoSuchMountAsync(context, mount));
        routes.MapMethods("/{mount}/archive.m3u8", methods, (HttpContext context, string mount, ArchiveEndpoint archive) =>
            ArchiveNames.HasPathTricks(mount) ? BadNameAsync(context)
            : node.Channels.Find(mount) is { } channel ? archive.VodPlaylistAsync(context, channel) : NoSuchMountAsync(context, mount));
        routes.MapMethods("/{mount}/archive/{file}", methods, (HttpContext context, string mount, string file, ArchiveEndpoint archive) =>
            ArchiveNames.HasPathTricks(mount) || ArchiveNames.HasPathTricks(file) ? BadNameAsync(context)
            : node.Channels.Find(mount) is { } channel ? archive.SegmentAsync(context, channel, file) : NoSuchMountAsync(context, mount));
    }

    /// <summary>Answers 400 to a name that tries to leave its directory.</summary>
    public static Task BadNameAsync(HttpContext context) =>
        PlainText.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "names with '..', slashes or backslashes are not allowed");

    private static Task NoSuchMountAsync(HttpContext context, string mount) =>
        PlainText.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"/{mount}: no such mount");
}
