using Airwave.Channels.Registry;
using Airwave.Channels.Upstreams;
using Airwave.Node.Hosting;
using Airwave.Streaming.Upstreams;
using Akka.Actor;

namespace Airwave.Node.Admin;

/// <summary>Admin API of pulled channels: upstream health, switch to a URL, move to the next upstream.</summary>
internal static class PullAdminApi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api, NodeRuntime node)
    {
        api.MapGet("/channels/{id}/upstreams", (string id) => WithUpstreamActor(node, id, actor => actor.Ask<UpstreamsReply>(reply => new GetUpstreams(reply), Timeout, CancellationToken.None)));
        api.MapPost("/channels/{id}/next", (string id) => WithUpstreamActor(node, id, actor => actor.Ask<UpstreamsReply>(reply => new NextUpstream(reply), Timeout, CancellationToken.None)));
        api.MapPost("/channels/{id}/switch", (string id, SwitchRequest request) =>
        {
            try
            {
                // Bounded before parsing, so the error does not echo a huge value; a new URL joins the channel's list.
                if (RuntimeChannelLimits.CheckUrl("url", request.Url) is { } tooLong)
                {
                    throw new FormatException(tooLong);
                }

                var url = PullSettingsReader.CheckUrl(request.Url, "switch");
                return WithUpstreamActor(node, id, actor => actor.Ask<UpstreamsReply>(reply => new SwitchUpstream(url, reply), Timeout, CancellationToken.None));
            }
            catch (FormatException e)
            {
                return Task.FromResult(Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status400BadRequest));
            }
        });
    }

    private static async Task<IResult> WithUpstreamActor(NodeRuntime node, string id, Func<IActorRef, Task<UpstreamsReply>> ask)
    {
        if (node.Channels.Find(id) is null)
        {
            return Results.Json(new { error = $"no channel {id}" }, statusCode: StatusCodes.Status404NotFound);
        }

        if (node.Channels.Pulls.Find(id) is not { } actor)
        {
            return Results.Json(new { error = $"channel {id} has no upstreams" }, statusCode: StatusCodes.Status409Conflict);
        }

        try
        {
            return Results.Ok(await ask(actor).ConfigureAwait(false));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new { error = $"the upstream actor of {id} did not answer" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>Body of <c>POST /api/channels/{id}/switch</c>.</summary>
    internal sealed record SwitchRequest(string? Url);
}
