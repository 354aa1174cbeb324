using Airwave.Node.Hosting;
using Airwave.Streaming.Access;
using Airwave.Streaming.Transcoding;

namespace Airwave.Node.Transcode;

/// <summary>
/// Transcode sessions over HTTP: on the admin port <c>POST /api/transcode</c> starts or joins one and the rest list,
/// keep alive and stop them; on the listener port <c>POST /transcode?token=</c> starts or joins one with a listener
/// token of the channel instead of the admin token.
/// </summary>
internal static class TranscodeApi
{
    public static void Map(RouteGroupBuilder api, NodeRuntime node)
    {
        api.MapPost("/transcode", (TranscodeSessionRequest request, CancellationToken cancellationToken) => StartAsync(node, request, cancellationToken));
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

    /// <summary>The listener port's way in: the same request, allowed by a token of its channel (checked before anything starts).</summary>
    public static void MapListener(IEndpointRouteBuilder app, NodeRuntime node, TimeProvider clock) =>
        app.MapPost("/transcode", async (HttpContext context, TranscodeSessionRequest request, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(request.Channel) || node.Channels.Find(request.Channel) is not { } channel)
            {
                return Results.Json(new { error = $"no channel {request.Channel}" }, statusCode: StatusCodes.Status404NotFound);
            }

            var client = context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "";
            var check = ListenerToken.Verify(channel.Settings.TokenSecret, channel.Id, context.Request.Query["token"].ToString(), clock.GetUtcNow(), client);
            return check.IsValid
                ? await StartAsync(node, request, cancellationToken).ConfigureAwait(false)
                : Results.Json(new { error = check.Reason }, statusCode: StatusCodes.Status403Forbidden);
        });

    private static async Task<IResult> StartAsync(NodeRuntime node, TranscodeSessionRequest request, CancellationToken cancellationToken)
    {
        var result = await node.Transcodes.StartAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            TranscodeStartOutcome.Ready => Results.Ok(TranscodeSessionStatus.Of(result.Session!, result.Reused, result.Position)),
            var outcome => Results.Json(new { error = result.Message }, statusCode: StatusOf(outcome)),
        };
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
