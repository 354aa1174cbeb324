using Airwave.Node.Hosting;

namespace Airwave.Node.Admin;

/// <summary>The JSON admin API on the admin port (9110), protected by the admin token; the CLI palettes speak to it.</summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder routes, NodeRuntime node, AdminAccess access, TimeProvider clock)
    {
        routes.MapGet("/healthz", () => Results.Text("ok\n"));
        routes.MapGet("/ready", () => node.IsReady
            ? Results.Text("ready\n")
            : Results.Text("shutting down\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        var api = routes.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            await access.RefusalAsync(context.HttpContext.Request).ConfigureAwait(false) ?? await next(context).ConfigureAwait(false));

        api.MapGet("/node", () => node.Status());
        api.MapGet("/actors/hierarchy", (int? depth) => ActorHierarchy.Of(node.System).Where(a => depth is null || Depth(a.Path) <= depth));
        api.MapGet("/channels", () => node.Channels.All.Select(ChannelStatus.Of));
        api.MapGet("/channels/{id}", (string id) => node.Channels.Find(id) is { } channel
            ? Results.Ok(ChannelStatus.Of(channel))
            : Results.Json(new { error = $"no channel {id}" }, statusCode: StatusCodes.Status404NotFound));
        PullAdminApi.Map(api, node);
        RuntimeChannelApi.Map(api, node);
        ChannelList.ChannelListApi.Map(api, node.ChannelList);
        ClusterAdminApi.Map(api, node);
        api.MapGet("/alerts", () => node.Alerts.Current);
        api.MapGet("/sessions", () => node.Sessions.Connections.Select(SessionStatus.Of));
        Transcode.TranscodeApi.Map(api, node);
        Access.ListenerTokenApi.Map(api, node, clock);
        Analytics.AnalyticsApi.Map(api, node, node.Listens, clock);
    }

    /// <summary>Levels below the root: <c>akka://airwave/user</c> is 1, <c>akka://airwave/user/channels</c> 2.</summary>
    private static int Depth(string path) => new Uri(path).AbsolutePath.Count(c => c == '/');
}
