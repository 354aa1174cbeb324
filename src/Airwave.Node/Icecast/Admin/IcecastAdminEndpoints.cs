using Airwave.Channels;
using Airwave.Node.Hosting;
using Airwave.Node.Placement;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Microsoft.AspNetCore.Http.Extensions;

namespace Airwave.Node.Icecast;

/// <summary>Icecast's admin and status URLs on the listener port: <c>/admin/metadata</c> title updates and <c>/status-json.xsl</c>.</summary>
internal static class IcecastAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, NodeRuntime node, ChannelLocator locator, OwnerProxy proxy)
    {
        routes.MapGet("/status-json.xsl", (HttpContext context) =>
            Results.Json(IcecastStatusJson.Build(node.Channels.All, context.Request.Host.Value ?? "localhost", node.StartedUtc, NodeRuntime.Version)));
        routes.MapGet("/admin/metadata", async (HttpContext context) =>
        {
            var mount = context.Request.Query["mount"].ToString();
            if (node.Channels.Find(mount) is null or { Relay: not null }
                && await locator.LocateAsync(mount, context.Request.GetEncodedPathAndQuery(), context.RequestAborted).ConfigureAwait(false) is { Location: { } owner })
            {
                await proxy.ForwardAsync(context, owner).ConfigureAwait(false);
                return;
            }

            await UpdateMetadata(context, node).ExecuteAsync(context).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// <c>/admin/metadata?mount=/live&amp;mode=updinfo&amp;song=...</c> on the channel's owner (other nodes pass it there): the admin user, or <c>source</c> with the mount's password
    /// (what playout systems and libshout send), may set the title.
    /// </summary>
    private static IResult UpdateMetadata(HttpContext context, NodeRuntime node)
    {
        var query = context.Request.Query;
        var channel = node.Channels.Find(query["mount"].ToString());
        var credentials = BasicCredentials.Parse(context.Request.Headers.Authorization.ToString());
        if (credentials is null || !Allowed(credentials, node.Settings, channel))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Icecast2 Server\"";
            return IcecastResponse("You need to authenticate", 0, StatusCodes.Status401Unauthorized);
        }

        if (channel is null || node.Channels.ActorOf(channel.Id) is not { } actor)
        {
            return IcecastResponse("Source does not exist", 0, StatusCodes.Status400BadRequest);
        }

        if (query["mode"].ToString() != "updinfo")
        {
            return IcecastResponse("No such mode (only updinfo is supported)", 0, StatusCodes.Status400BadRequest);
        }

        var song = query["song"].ToString();
        if (song.Length == 0 && query.ContainsKey("title"))
        {
            song = string.IsNullOrEmpty(query["artist"]) ? query["title"].ToString() : $"{query["artist"]} - {query["title"]}";
        }

        actor.Tell(new UpdateMetadata(song, query.ContainsKey("url") ? query["url"].ToString() : null));
        return IcecastResponse("Metadata update successful", 1, StatusCodes.Status200OK);
    }

    private static bool Allowed(BasicCredentials credentials, NodeSettings settings, LiveChannel? channel) =>
        (credentials.User == settings.AdminUser && BasicCredentials.SecretsEqual(credentials.Password, settings.AdminPassword))
        || (channel is not null && credentials.User == "source" && credentials.PasswordMatches(channel.Settings.Password));

    private static IResult IcecastResponse(string message, int result, int status) =>
        Results.Content(
            $"<?xml version=\"1.0\"?>\n<iceresponse><message>{System.Security.SecurityElement.Escape(message)}</message><return>{result}</return></iceresponse>\n",
            "text/xml",
            statusCode: status);
}
