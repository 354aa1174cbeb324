using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Airwave.Node.Admin;

namespace Airwave.Node.Cli;

/// <summary>The <c>cluster-sharding</c> palette: <c>regions</c> (a table) and <c>region-stats</c> (Petabridge.Cmd's line per node: shards, entities).</summary>
internal static class ShardingCommands
{
    public static Command Create(CliContext cli) => new("cluster-sharding", "Shard region palette")
    {
        Regions(cli, "regions", "List the shard regions", "api/sharding/regions", table: true),
        Regions(cli, "region-stats", "Shards and entities per node", "api/sharding/region-stats", table: false),
    };

    private static Command Regions(CliContext cli, string name, string description, string path, bool table)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var regions = await client.GetAsync<List<ShardRegionStatus>>(path, token).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(regions, AdminClient.Json)).ConfigureAwait(false);
                return CliExitCodes.Ok;
            }

            if (table)
            {
                TableWriter.Write(output, ["region", "node", "shards", "entities"], regions.Select(r => (IReadOnlyList<string>)
                [
                    r.Region, r.Node, r.Shards.ToString(CultureInfo.InvariantCulture), r.Entities.ToString(CultureInfo.InvariantCulture),
                ]));
            }
            else
            {
                foreach (var region in regions)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{region.Node} | shards: {region.Shards} | entities: {region.Entities}")).ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync($"Count: {regions.Count} regions").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return command;
    }
}
