using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Airwave.Cluster;
using Airwave.Node.Admin;

namespace Airwave.Node.Cli;

/// <summary>The <c>cluster</c> palette (Petabridge.Cmd's names): <c>show</c>, <c>status</c>, <c>leader</c>, <c>leave</c>, <c>down</c>, <c>down-unreachable</c>, <c>tail</c>.</summary>
internal static class ClusterCommands
{
    public static Command Create(CliContext cli) => new("cluster", "Cluster membership palette")
    {
        Show(cli), Status(cli), Leader(cli), Change(cli, "leave", "Ask a member to leave the cluster gracefully"),
        Change(cli, "down", "Mark a member Down: it stops serving and exits"), DownUnreachable(cli), Tail(cli),
    };

    private static Command Show(CliContext cli)
    {
        var show = new Command("show", "List the members: address | [roles] | status | reachability | version");
        show.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var snapshot = await client.GetAsync<MembershipSnapshot>("api/cluster/members", token).ConfigureAwait(false);
            if (json)
            {
                return Print(output, snapshot);
            }

            await MemberLines(output, snapshot.Members).ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return show;
    }

    private static Command Status(CliContext cli)
    {
        var status = new Command("status", "Show the answering node's own membership and the leader");
        status.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var snapshot = await client.GetAsync<MembershipSnapshot>("api/cluster/members", token).ConfigureAwait(false);
            var self = snapshot.Members.LastOrDefault(m => m.Address == snapshot.Self);
            if (json)
            {
                return Print(output, new { snapshot.Self, snapshot.Leader, Member = self });
            }

            await output.WriteLineAsync(self is null ? $"{snapshot.Self} | not a member yet" : Line(self)).ConfigureAwait(false);
            await output.WriteLineAsync($"Leader: {snapshot.Leader ?? "none"}").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return status;
    }

    private static Command Leader(CliContext cli)
    {
        var leader = new Command("leader", "Show the cluster's leader");
        leader.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var status = await client.GetAsync<LeaderStatus>("api/cluster/leader", token).ConfigureAwait(false);
            return json ? Print(output, status) : PrintLine(output, status.Leader ?? "none");
        }, ct));
        return leader;
    }

    private static Command Change(CliContext cli, string name, string description)
    {
        var address = new Argument<string>("address") { Description = "The member's address (akka.tcp://airwave@host:port as cluster show prints it, its host:port, or its HTTP address)" };
        var change = new Command(name, description) { address };
        change.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var members = await client.SendJsonAsync<List<string>>(HttpMethod.Post, "api/cluster/" + name, new MemberAddressRequest(parse.GetValue(address)), token)
                .ConfigureAwait(false);
            return await Acted(output, json, name, members).ConfigureAwait(false);
        }, ct));
        return change;
    }

    private static Command DownUnreachable(CliContext cli)
    {
        var down = new Command("down-unreachable", "Mark every unreachable member Down");
        down.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var members = await client.SendJsonAsync<List<string>>(HttpMethod.Post, "api/cluster/down-unreachable", null, token).ConfigureAwait(false);
            return await Acted(output, json, "down", members).ConfigureAwait(false);
        }, ct));
        return down;
    }

    private static Command Tail(CliContext cli)
    {
        var count = new Option<int?>("--count") { Description = "Exit after this many events" };
        var tail = new Command("tail", "Print the current members, then membership events as they happen, until Ctrl-C") { count };
        tail.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var wait = Math.Max(1, parse.GetValue(cli.TimeoutSeconds) / 2);
            // The event id is read before the members, so a change between the two reads is printed as an event, not lost.
            var page = await client.GetAsync<MembershipEventPage>("api/cluster/events", token).ConfigureAwait(false);
            var snapshot = await client.GetAsync<MembershipSnapshot>("api/cluster/members", token).ConfigureAwait(false);
            await Members(output, json, snapshot).ConfigureAwait(false);
            await output.FlushAsync(token).ConfigureAwait(false);
            var left = parse.GetValue(count);
            try
            {
                while (left is null or > 0)
                {
                    var query = string.Create(CultureInfo.InvariantCulture, $"api/cluster/events?after={page.LastId}&wait={wait}");
                    page = await client.GetAsync<MembershipEventPage>(query, token).ConfigureAwait(false);
                    foreach (var e in page.Events.Take(left ?? int.MaxValue))
                    {
                        await output.WriteLineAsync(json ? JsonSerializer.Serialize(e, AdminClient.CompactJson) : EventLine(e)).ConfigureAwait(false);
                        left--;
                    }

                    await output.FlushAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }

            return CliExitCodes.Ok;
        }, ct));
        return tail;
    }

    /// <summary>The members as <c>cluster show</c> prints them; with <paramref name="json"/> one compact line holding the snapshot.</summary>
    private static async Task Members(TextWriter output, bool json, MembershipSnapshot snapshot)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(snapshot, AdminClient.CompactJson)).ConfigureAwait(false);
            return;
        }

        await MemberLines(output, snapshot.Members).ConfigureAwait(false);
    }

    private static async Task MemberLines(TextWriter output, IReadOnlyList<Member> members)
    {
        foreach (var member in members)
        {
            await output.WriteLineAsync(Line(member)).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Count: {members.Count} nodes").ConfigureAwait(false);
    }

    /// <summary>Petabridge.Cmd's line: <c>akka.tcp://airwave@10.0.0.5:8110 | [master] | up | | 1.0.0</c>, <c>unreachable</c> in the fourth column when it is.</summary>
    private static string Line(Member m) =>
        $"{m.Address} | [{string.Join(", ", m.Roles)}] | {Name(m.Status)} |{(m.Reachable ? "" : " unreachable")} | {m.AppVersion}";

    private static string Name(MemberStatus status) => status.ToString().ToLowerInvariant();

    private static string EventLine(MembershipEvent e) =>
        $"{e.AtUtc.ToString("u", CultureInfo.InvariantCulture)} #{e.Id} {e.Address} {e.Change}";

    private static async Task<int> Acted(TextWriter output, bool json, string what, List<string> members)
    {
        if (json)
        {
            return Print(output, members);
        }

        foreach (var member in members)
        {
            await output.WriteLineAsync($"{what} requested for {member}").ConfigureAwait(false);
        }

        return CliExitCodes.Ok;
    }

    private static int PrintLine(TextWriter output, string line)
    {
        output.WriteLine(line);
        return CliExitCodes.Ok;
    }

    private static int Print<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, AdminClient.Json));
        return CliExitCodes.Ok;
    }
}
