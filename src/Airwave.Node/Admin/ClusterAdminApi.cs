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
        api.MapPost("/cluster/leave", (MemberAddressRequest request, CancellationToken ct) =>
            Change(node.Membership, request.Address, (m, address) => m.LeaveAsync(address, ct), "no Joining or Up member"));
        api.MapPost("/cluster/down", (MemberAddressRequest request, CancellationToken ct) =>
            Change(node.Membership, request.Address, (m, address) => m.DownAsync(address, ct), "no member that can be downed"));
        api.MapPost("/cluster/down-unreachable", async (CancellationToken ct) => Results.Ok(await node.Membership.DownUnreachableAsync(ct).ConfigureAwait(false)));
        api.MapGet("/cluster/events", async (long? after, double? wait, CancellationToken ct) =>
        {
            var patience = TimeSpan.FromSeconds(Math.Clamp(wait ?? MaxEventWait.TotalSeconds, 0, MaxEventWait.TotalSeconds));
            return await node.Membership.EventsAfterAsync(after, patience, ct).ConfigureAwait(false);
        });
        api.MapGet("/sharding/regions", (CancellationToken ct) => ShardRegions.ReadAsync(node, ct));
        api.MapGet("/sharding/region-stats", (CancellationToken ct) => ShardRegions.ReadAsync(node, ct));
        api.MapGet("/log/peek", (int? lines) => new LogPeek(node.Logs.Last(Math.Clamp(lines ?? 50, 1, 1000))));
    }

    private static async Task<IResult> Change(
        IMembershipView membership, string? address, Func<IMembershipView, string, Task<IReadOnlyList<MembershipEvent>>> change, string none)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return Results.Json(new { error = "address (host:port) is required" }, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var events = await change(membership, address.Trim()).ConfigureAwait(false);
            return events.Count > 0
                ? Results.Ok(events)
                : Results.Json(new { error = $"{none} at {address}" }, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
