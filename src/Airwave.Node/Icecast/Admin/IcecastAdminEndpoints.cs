using Airwave.Channels;
using Airwave.Node.Hosting;
using Airwave.Node.Placement;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Microsoft.AspNetCore.Http.Extensions;

namespace Airwave.Node.Icecast.Admin;

/// <summary>
/// Icecast's admin API and status URLs on the listener port: <c>/status-json.xsl</c>, <c>/admin/stats</c>,
/// <c>/admin/publicstats</c>, <c>/admin/listmounts</c>, and the mount commands <c>metadata</c>, <c>listclients</c>,
/// <c>killclient</c>, <c>moveclients</c> and <c>killsource</c>.
/// </summary>
/// <remarks>
/// Listeners belong to the node that serves them, so <c>listclients</c>, <c>killclient</c> and <c>moveclients</c> act on
/// this node's listeners; <c>metadata</c> and <c>killsource</c> act on the source, so a node that does not own the mount
/// passes them to its owner.
/// </remarks>
internal sealed class IcecastAdminEndpoints(NodeRuntime node, ChannelLocator locator, OwnerProxy proxy, PushedSources sources, TimeProvider clock)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status-json.xsl", (HttpContext context) =>
            Results.Json(IcecastStatusJson.Build(node.Channels.All, context.Request.Host.Value ?? "localhost", node.StartedUtc, NodeRuntime.Version)));
        routes.MapGet("/admin/stats", (HttpContext context) => AsAdmin(context) ? Stats(context, full: true) : IcecastAdminResponse.Unauthorized(context));
        routes.MapGet("/admin/publicstats", (HttpContext context) => Stats(context, full: false));
        routes.MapGet("/admin/listmounts", (HttpContext context) => AsAdmin(context)
            ? IcecastAdminResponse.Document(IcecastAdminDocuments.Mounts(node.Channels.All, Now))
            : IcecastAdminResponse.Unauthorized(context));
        MapMountCommand(routes, "/admin/listclients", onOwner: false, (_, channel) => IcecastAdminResponse.Document(IcecastAdminDocuments.Clients(channel, Now)));
        MapMountCommand(routes, "/admin/killclient", onOwner: false, KillClient);
        MapMountCommand(routes, "/admin/moveclients", onOwner: false, MoveClients);
        MapMountCommand(routes, "/admin/killsource", onOwner: true, KillSource);
        MapMountCommand(routes, "/admin/metadata", onOwner: true, UpdateMetadata);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Maps a command on <c>?mount=</c>: forwarded to the mount's owner when <paramref name="onOwner"/> and this node only
    /// relays it or lacks it; then, as Icecast does, the admin or <c>source</c> with the mount's password may run it, and an
    /// unknown mount is 400 "Source does not exist".
    /// </summary>
    private void MapMountCommand(IEndpointRouteBuilder routes, string path, bool onOwner, Func<HttpContext, LiveChannel, IResult> command) =>
        routes.MapGet(path, async (HttpContext context) =>
        {
            var mount = context.Request.Query["mount"].ToString();
            if (onOwner
                && node.Channels.Find(mount) is null or { Relay: not null }
                && await locator.LocateAsync(mount, context.Request.GetEncodedPathAndQuery(), context.RequestAborted).ConfigureAwait(false) is { } redirect)
            {
                if (redirect.Location is { } owner)
                {
                    await proxy.ForwardAsync(context, owner).ConfigureAwait(false);
                    return;
                }

                // No node owns the mount this moment (a failover): acting on a relay's copy would change nothing.
                context.Response.Headers.RetryAfter = ChannelRedirect.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Http.PlainText.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, $"{mount} has no owner right now: retry").ConfigureAwait(false);
                return;
            }

            await Run(context, mount, command).ExecuteAsync(context).ConfigureAwait(false);
        });

    private IResult Run(HttpContext context, string mount, Func<HttpContext, LiveChannel, IResult> command)
    {
        var channel = mount.Length == 0 ? null : node.Channels.Find(mount);
        if (!AsAdmin(context) && !AsSource(context, channel))
        {
            return IcecastAdminResponse.Unauthorized(context);
        }

        return mount.Length == 0 ? IcecastAdminResponse.Error("Missing parameter")
            : channel is null ? IcecastAdminResponse.Error("Source does not exist")
            : command(context, channel);
    }

    private IResult Stats(HttpContext context, bool full)
    {
        var all = node.Channels.All.ToList();
        var mount = context.Request.Query["mount"].ToString();
        var shown = mount.Length == 0 ? all : all.Where(c => c.Settings.Mount == mount || c.Id == mount).ToList();
        if (shown.Count == 0 || (mount.Length > 0 && shown[0].Source != SourceState.Connected))
        {
            return IcecastAdminResponse.Error("Source does not exist");
        }

        var server = new StatsServer(context.Request.Host.Value ?? "localhost", node.StartedUtc, NodeRuntime.Version);
        return IcecastAdminResponse.Document(IcecastAdminDocuments.Stats(shown, all, server, full));
    }

    /// <summary><c>killclient?mount=&amp;id=</c>: drops this node's listener with that number at once, as Icecast does.</summary>
    private static IResult KillClient(HttpContext context, LiveChannel channel)
    {
        if (!context.Request.Query.TryGetValue("id", out var value))
        {
            return IcecastAdminResponse.Error("Missing parameter");
        }

        // Icecast reads the id with atoi: what is not a number is client 0, which never exists.
        var id = long.TryParse(value.ToString(), out var parsed) ? parsed : 0;
        if (channel.Listeners.All.FirstOrDefault(l => l.Number == id && l.DropReason is null) is not { } listener)
        {
            return IcecastAdminResponse.Action($"Client {id} not found", done: false);
        }

        listener.Drop("removed by an admin (killclient)");
        return IcecastAdminResponse.Action($"Client {id} removed", done: true);
    }

    /// <summary>
    /// <c>moveclients?mount=&amp;destination=</c>: each of this node's listeners of the mount carries on with the
    /// destination's live edge on its open connection; refused when the destination is in another codec.
    /// </summary>
    private IResult MoveClients(HttpContext context, LiveChannel channel)
    {
        var destination = context.Request.Query["destination"].ToString();
        if (destination.Length == 0)
        {
            return IcecastAdminResponse.Error("Missing parameter");
        }

        var target = node.Channels.Find(destination);
        if (ClientMove.Refusal(channel, target) is { } refusal)
        {
            return IcecastAdminResponse.Error(refusal);
        }

        foreach (var listener in channel.Listeners.All)
        {
            listener.RequestMove(target!.Settings.Mount);
        }

        // Wakes the sessions that wait for the next chunk or pass, so they move now.
        channel.Signal.WakeAll();
        return IcecastAdminResponse.Action($"Clients moved from {channel.Settings.Mount} to {target!.Settings.Mount}", done: true);
    }

    /// <summary><c>killsource?mount=</c> on the owner: ends the source client's connection; the channel then does what it does when a source leaves (fallback, or waiting).</summary>
    private IResult KillSource(HttpContext context, LiveChannel channel)
    {
        if (channel.Source != SourceState.Connected)
        {
            return IcecastAdminResponse.Error("Source is not available");
        }

        return sources.Kill(channel.Id)
            ? IcecastAdminResponse.Action("Source Removed", done: true)
            : IcecastAdminResponse.Error($"{channel.Settings.Mount} is not fed by a source client (it pulls an upstream, loops a file or is a rendition); use the admin API (port 9110) to change what it plays");
    }

    /// <summary><c>metadata?mount=/live&amp;mode=updinfo&amp;song=...</c> on the owner: the title playout systems and libshout send.</summary>
    private IResult UpdateMetadata(HttpContext context, LiveChannel channel)
    {
        var query = context.Request.Query;
        if (node.Channels.ActorOf(channel.Id) is not { } actor)
        {
            return IcecastAdminResponse.Error("Source does not exist");
        }

        if (query["mode"].ToString() != "updinfo")
        {
            return IcecastAdminResponse.Error("No such action (only mode=updinfo is supported)");
        }

        var song = query["song"].ToString();
        if (song.Length == 0 && query.ContainsKey("title"))
        {
            song = string.IsNullOrEmpty(query["artist"]) ? query["title"].ToString() : $"{query["artist"]} - {query["title"]}";
        }

        actor.Tell(new UpdateMetadata(song, query.ContainsKey("url") ? query["url"].ToString() : null));
        return IcecastAdminResponse.Action("Metadata update successful", done: true);
    }

    private bool AsAdmin(HttpContext context) =>
        Credentials(context) is { } credentials && credentials.User == node.Settings.AdminUser && BasicCredentials.SecretsEqual(credentials.Password, node.Settings.AdminPassword);

    private static bool AsSource(HttpContext context, LiveChannel? channel) =>
        channel is not null && Credentials(context) is { User: "source" } credentials && credentials.PasswordMatches(channel.Settings.Password);

    private static BasicCredentials? Credentials(HttpContext context) => BasicCredentials.Parse(context.Request.Headers.Authorization.ToString());
}
