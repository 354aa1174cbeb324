using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Airwave.Node.Admin;

namespace Airwave.Node.Cli;

/// <summary>The CLI palettes (Petabridge.Cmd's names where they fit): <c>actor hierarchy</c>, <c>channels list|show|add|remove|upstreams|switch|next</c>, <c>sessions list</c>, <c>transcode list|stop</c>, <c>token mint</c>, <c>node show</c>, <c>cluster</c>, <c>cluster-sharding</c>, <c>log peek</c>, <c>alerts</c>, <c>analytics [export]</c>.</summary>
internal static class PaletteCommands
{
    public static IEnumerable<Command> Create(CliContext cli)
    {
        yield return Actor(cli);
        yield return Channels(cli);
        yield return Sessions(cli);
        yield return TranscodeCommands.Create(cli);
        yield return TokenCommands.Create(cli);
        yield return NodeInfo(cli);
        yield return ClusterCommands.Create(cli);
        yield return ShardingCommands.Create(cli);
        yield return LogCommands.Create(cli);
        yield return AlertCommands.Create(cli);
        yield return AnalyticsCommands.Create(cli);
    }

    private static Command Actor(CliContext cli)
    {
        var depth = new Option<int?>("--depth", "-d") { Description = "Only show actors this many levels deep" };
        var hierarchy = new Command("hierarchy", "Print the node's live actor tree with mailbox depths") { depth };
        hierarchy.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var query = parse.GetValue(depth) is { } d ? $"?depth={d}" : "";
            var actors = await client.GetAsync<List<ActorStatus>>("api/actors/hierarchy" + query, token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, actors);
            }

            foreach (var actor in actors)
            {
                var level = Math.Max(0, new Uri(actor.Path).AbsolutePath.Count(c => c == '/') - 1);
                await output.WriteLineAsync($"{new string(' ', level * 2)}{actor.Path}  [{actor.Type}] mailbox={actor.MailboxDepth}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Count: {actors.Count} actors").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return new Command("actor", "Actor system palette") { hierarchy };
    }

    private static Command Channels(CliContext cli)
    {
        var list = new Command("list", "List the node's channels");
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var channels = await client.GetAsync<List<ChannelStatus>>("api/channels", token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, channels);
            }

            TableWriter.Write(output, ["mount", "served", "source", "type", "kbps", "listeners", "buffer", "title"], channels.Select(c => (IReadOnlyList<string>)
            [
                c.Mount, c.Relay is { } relay ? $"relay of {relay.Owner ?? "-"}{(relay.Connected ? "" : " (idle)")}" : "here", c.Source, c.ContentType ?? "-", c.BitrateKbps.ToString(CultureInfo.InvariantCulture),
                c.Listeners.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(Math.Floor(c.BufferSeconds)).ToString(), c.Title,
            ]));
            await output.WriteLineAsync($"Count: {channels.Count} channels").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));

        var id = new Argument<string>("channel") { Description = "Channel id (mount without the slash)" };
        var show = new Command("show", "Show one channel in detail") { id };
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var channel = await client.GetAsync<JsonElement>("api/channels/" + Uri.EscapeDataString(parse.GetValue(id)!.TrimStart('/')), token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, channel);
            }

            foreach (var property in channel.EnumerateObject())
            {
                await output.WriteLineAsync($"{property.Name,-22} {property.Value}").ConfigureAwait(false);
            }

            return CliExitCodes.Ok;
        }, ct));
        var channels = new Command("channels", "Channel palette") { list, show };
        foreach (var command in ChannelPullCommands.Create(cli))
        {
            channels.Subcommands.Add(command);
        }

        channels.Subcommands.Add(ChannelListCommands.Reconcile(cli));

        return channels;
    }

    private static Command Sessions(CliContext cli)
    {
        var list = new Command("list", "List connected listeners: session id, channel, playhead and whether they resumed");
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var sessions = await client.GetAsync<List<SessionStatus>>("api/sessions", token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, sessions);
            }

            TableWriter.Write(output, ["session", "channel", "client", "connected", "playhead", "resumed", "behind live", "bytes"], sessions.Select(s => (IReadOnlyList<string>)
            [
                s.Id, s.Channel, s.Remote, s.ConnectedUtc.ToString("u", CultureInfo.InvariantCulture), Playhead(s),
                s.ResumedAtSeq is { } at ? "at " + at.ToString(CultureInfo.InvariantCulture) : "no",
                TimeSpan.FromSeconds(Math.Round(s.ShiftSeconds)).ToString(), s.Bytes.ToString(CultureInfo.InvariantCulture),
            ]));
            await output.WriteLineAsync($"Count: {sessions.Count} sessions").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return new Command("sessions", "Listener session palette") { list };
    }

    private static string Playhead(SessionStatus session) =>
        session is { PlayheadSeq: { } seq, PlayheadUtc: { } end }
            ? string.Create(CultureInfo.InvariantCulture, $"{seq} @ {end:HH:mm:ss.f}")
            : "-";

    private static Command NodeInfo(CliContext cli)
    {
        var show = new Command("show", "Show who the node is");
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var node = await client.GetAsync<NodeStatus>("api/node", token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, node);
            }

            TableWriter.Write(output, ["name", "version", "roles", "uptime", "http", "admin"],
            [
                [node.Name, node.Version, string.Join(",", node.Roles), TimeSpan.FromSeconds(Math.Floor(node.UptimeSeconds)).ToString(),
                 node.HttpPort.ToString(CultureInfo.InvariantCulture), node.AdminPort.ToString(CultureInfo.InvariantCulture)],
            ]);
            return CliExitCodes.Ok;
        }, ct));
        return new Command("node", "Node palette") { show };
    }

    internal static int Print<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, AdminClient.Json));
        return CliExitCodes.Ok;
    }
}
