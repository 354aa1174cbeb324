using Airwave.Cluster;
using Airwave.Node.Hosting;

namespace Airwave.Node.Admin;

/// <summary>Admin API of the cluster palettes: members, leader, leave/down, membership events, shard regions and the log ring.</summary>
internal static class ClusterAdminApi
{
    private static readonly TimeSpan MaxEventWait = TimeSpan.FromSeconds(10);

    public static void Map(RouteGroupBuilder api, NodeRuntime node)
    {
        api.MapGet("/cluster/members", () => node.Membership.Snapshot);
        api.MapGet("/cluster/leader", () => new LeaderStatus(node.Membership.Snapshot.Leader));
        api.MapPost("/cluster/leave", (MemberAddressRequest request) => Change(node.Membership, request.Address, (m, address) => m.Leave(address)));
        api.MapPost("/cluster/down", (MemberAddressRequest request) => Change(node.Membership, request.Address, (m, address) => m.Down(address)));
        api.MapPost("/cluster/down-unreachable", () => Results.Ok(node.Membership.DownUnreachable()));
        api.MapGet("/cluster/events", async (long? after, double? wait, CancellationToken ct) =>
        {
            var patience = TimeSpan.FromSeconds(Math.Clamp(wait ?? MaxEventWait.TotalSeconds, 0, MaxEventWait.TotalSeconds));
            return await node.Membership.EventsAfterAsync(after, patience, ct).ConfigureAwait(false);
        });
        api.MapGet("/sharding/regions", (CancellationToken ct) => ShardRegions.ReadAsync(node, ct));
        api.MapGet("/sharding/region-stats", (CancellationToken ct) => ShardRegions.ReadAsync(node, ct));
        api.MapGet("/log/peek", (int? lines) => new LogPeek(node.Logs.Last(Math.Clamp(lines ?? 50, 1, 1000))));
    }

    private static IResult Change(IMembershipView membership, string? address, Func<IMembershipView, string, IReadOnlyList<string>> change)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return Results.Json(new { error = "address (akka.tcp://airwave@host:port, as cluster show prints it) is required" }, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var members = change(membership, address.Trim());
            return members.Count > 0
                ? Results.Ok(members)
                : Results.Json(new { error = $"no member at {address}" }, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
