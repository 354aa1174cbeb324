using Airwave.Node.Hosting;
using Airwave.Streaming.Transcoding;

namespace Airwave.Node.Transcode;

/// <summary>The admin API's transcode sessions: <c>POST /api/transcode</c> starts or joins one, the rest list, keep alive and stop them.</summary>
internal static class TranscodeApi
{
    public static void Map(RouteGroupBuilder api, NodeRuntime node)
    {
        api.MapPost("/transcode", async (TranscodeSessionRequest request, CancellationToken cancellationToken) =>
        {
            var result = await node.Transcodes.StartAsync(request, cancellationToken).ConfigureAwait(false);
            return result.Outcome switch
            {
                TranscodeStartOutcome.Ready => Results.Ok(TranscodeSessionStatus.Of(result.Session!, result.Reused, result.Position)),
                var outcome => Results.Json(new { error = result.Message }, statusCode: StatusOf(outcome)),
            };
        });
        api.MapGet("/transcode", () => node.Transcodes.List().Select(s => TranscodeSessionStatus.Of(s, false)));
        api.MapGet("/transcode/{id}", (string id) => node.Transcodes.List().FirstOrDefault(s => s.Id == id) is { } session
            ? Results.Ok(TranscodeSessionStatus.Of(session, false))
            : Results.Json(new { error = $"no transcode session {id}" }, statusCode: StatusCodes.Status404NotFound));
        api.MapPost("/transcode/{id}/heartbeat", (string id) => !node.Transcodes.Touch(id)
            ? Results.Json(new { error = $"no transcode session {id}" }, statusCode: StatusCodes.Status404NotFound)
            : Results.NoContent());
        api.MapDelete("/transcode/{id}", async (string id) => await node.Transcodes.StopAsync(id, "stopped through the admin API").ConfigureAwait(false)
            ? Results.Ok(new Dictionary<string, string> { ["stopped"] = id })
            : Results.Json(new { error = $"no transcode session {id}" }, statusCode: StatusCodes.Status404NotFound));
    }

    private static int StatusOf(TranscodeStartOutcome outcome) => outcome switch
    {
        TranscodeStartOutcome.Invalid => StatusCodes.Status400BadRequest,
        TranscodeStartOutcome.NotFound => StatusCodes.Status404NotFound,
        TranscodeStartOutcome.AtCapacity => StatusCodes.Status429TooManyRequests,
        TranscodeStartOutcome.NoProcess => StatusCodes.Status503ServiceUnavailable,
        TranscodeStartOutcome.Failed => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status504GatewayTimeout,
    };
}
