using Airwave.Channels;
using Airwave.Channels.Registry;
using Airwave.Node.Hosting;
using Airwave.Streaming.Upstreams;

namespace Airwave.Node.Admin;

/// <summary>Admin API to add (<c>POST /api/channels</c>) and remove (<c>DELETE /api/channels/{id}</c>) channels at runtime; both survive restarts.</summary>
internal static class RuntimeChannelApi
{
    public static void Map(RouteGroupBuilder api, NodeRuntime node)
    {
        api.MapPost("/channels", async (AddChannelRequest request, CancellationToken cancellationToken) =>
        {
            RuntimeChannel definition;
            try
            {
                definition = Validate(request);
            }
            catch (FormatException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!await node.Channels.AddAsync(definition, cancellationToken).ConfigureAwait(false))
            {
                return Results.Json(new { error = $"channel {definition.Name} exists already" }, statusCode: StatusCodes.Status409Conflict);
            }

            // A channel placed on another node is recorded here but runs there.
            return node.Channels.Find(definition.Name) is { } channel
                ? Results.Created("/api/channels/" + definition.Name, ChannelStatus.Of(channel))
                : Results.Created("/api/channels/" + definition.Name, new { id = definition.Name });
        });
        api.MapDelete("/channels/{id}", async (string id, CancellationToken cancellationToken) =>
        {
            if (await node.Channels.RemoveAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return Results.Ok(new { removed = id });
            }

            return node.Channels.Find(id) is null
                ? Results.Json(new { error = $"no channel {id}" }, statusCode: StatusCodes.Status404NotFound)
                : Results.Json(new { error = $"channel {id} is configured in the configuration file; only channels added at runtime can be removed" },
                    statusCode: StatusCodes.Status409Conflict);
        });
    }

    /// <summary>The channel a request (or a channel list's entry) describes, or a <see cref="FormatException"/> naming the first field that is wrong or over its limit (<see cref="RuntimeChannelLimits"/>).</summary>
    /// <param name="request">The channel's fields.</param>
    /// <param name="listed">True for a channel list's entry (<see cref="RuntimeChannel.Listed"/>).</param>
    internal static RuntimeChannel Validate(AddChannelRequest request, bool listed = false)
    {
        var name = request.Name?.Trim('/') ?? "";
        if (!ChannelDirectory.IsValidName(name))
        {
            throw new FormatException("name must be 1 to 100 letters, digits, '-', '_' or '.'");
        }

        var requested = request.Upstreams ?? [];
        var bound = RuntimeChannelLimits.CheckPassword(request.Password) ?? RuntimeChannelLimits.CheckTitle(request.Title) ?? RuntimeChannelLimits.CheckUpstreamCount(requested.Count)
            ?? requested.Select((u, i) => u is null ? $"upstreams[{i}] is null" : RuntimeChannelLimits.CheckUpstream(i, u.Url, u.UserAgent, u.Headers)).FirstOrDefault(e => e is not null);
        if (bound is not null)
        {
            throw new FormatException(bound);
        }

        var upstreams = requested.Select((u, i) => new UpstreamSettings(
            PullSettingsReader.CheckUrl(u.Url, $"upstreams[{i}]"),
            PullSettingsReader.ParseType(u.Type, $"upstreams[{i}]"),
            u.UserAgent ?? "",
            u.Headers ?? [])).ToList();
        var password = request.Password ?? "";
        if (upstreams.Count == 0 && password.Length == 0)
        {
            throw new FormatException("a channel needs upstreams to pull or a source password");
        }

        return new RuntimeChannel(name, password, upstreams, request.OnDemand ?? false, request.Title ?? "", listed);
    }

    /// <summary>Body of <c>POST /api/channels</c>.</summary>
    internal sealed record AddChannelRequest(string? Name, string? Password, IReadOnlyList<UpstreamRequest>? Upstreams, bool? OnDemand, string? Title = null);

    /// <summary>One upstream in <see cref="AddChannelRequest"/>.</summary>
    internal sealed record UpstreamRequest(string? Url, string? Type, string? UserAgent, Dictionary<string, string>? Headers);
}
