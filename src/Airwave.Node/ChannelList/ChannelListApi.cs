using Akka.Actor;

namespace Airwave.Node.ChannelList;

/// <summary><c>POST /api/channels/reconcile[?dry-run=true]</c> on the admin port: reconciles with the channel list now and answers what changed.</summary>
internal static class ChannelListApi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <param name="api">The admin API's group (behind the admin token).</param>
    /// <param name="reconciler">The reconciler, or its cluster singleton proxy; null when no list is configured.</param>
    public static void Map(RouteGroupBuilder api, IActorRef? reconciler) =>
        api.MapPost("/channels/reconcile", async (HttpContext context) =>
        {
            if (reconciler is null)
            {
                return Results.Json(new { error = "no channel list is configured: set airwave.channels-from" }, statusCode: StatusCodes.Status409Conflict);
            }

            var dryRun = context.Request.Query["dry-run"].ToString() is "true" or "1";
            var outcome = await reconciler.Ask<ChannelListOutcome>(reply => new ReconcileChannelList(dryRun, reply), Timeout, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(ChannelListReport.Of(outcome), statusCode: outcome.Diff is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK);
        });
}
