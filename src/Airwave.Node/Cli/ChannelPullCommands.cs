using System.CommandLine;
using System.Globalization;
using Airwave.Channels.Upstreams;
using Airwave.Node.Admin;

namespace Airwave.Node.Cli;

/// <summary>The pulled-channel commands of the <c>channels</c> palette: <c>add</c>, <c>remove</c>, <c>upstreams</c>, <c>switch</c>, <c>next</c>.</summary>
internal static class ChannelPullCommands
{
    public static IEnumerable<Command> Create(CliContext cli)
    {
        yield return Add(cli);
        yield return Remove(cli);
        yield return Upstreams(cli);
        yield return Switch(cli);
        yield return Next(cli);
    }

    private static Argument<string> ChannelArgument() => new("channel") { Description = "Channel id (mount without the slash)" };

    private static string ChannelPath(string id, string suffix) => "api/channels/" + Uri.EscapeDataString(id.TrimStart('/')) + suffix;

    private static Command Add(CliContext cli)
    {
        var name = ChannelArgument();
        var upstream = new Option<string[]>("--upstream", "-u") { Description = "Upstream URL to pull, in order of preference (repeatable)", AllowMultipleArgumentsPerToken = false };
        var type = new Option<string>("--type") { Description = "Upstream type for every --upstream: auto, icecast, hls or ts", DefaultValueFactory = _ => "auto" };
        var password = new Option<string>("--password") { Description = "Source password, for a channel that sources push to" };
        var onDemand = new Option<bool>("--on-demand") { Description = "Pull only while someone listens" };
        var add = new Command("add", "Add a channel at runtime (kept across restarts)") { name, upstream, type, password, onDemand };
        add.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var body = new
            {
                name = parse.GetValue(name),
                password = parse.GetValue(password),
                onDemand = parse.GetValue(onDemand),
                upstreams = (parse.GetValue(upstream) ?? []).Select(url => new { url, type = parse.GetValue(type) }).ToList(),
            };
            var channel = await client.SendJsonAsync<ChannelStatus>(HttpMethod.Post, "api/channels", body, token).ConfigureAwait(false);
            return await Done(output, json, channel, $"added {channel.Mount}").ConfigureAwait(false);
        }, ct));
        return add;
    }

    private static Command Remove(CliContext cli)
    {
        var id = ChannelArgument();
        var remove = new Command("remove", "Remove a channel that was added at runtime") { id };
        remove.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var result = await client.SendJsonAsync<Dictionary<string, string>>(HttpMethod.Delete, ChannelPath(parse.GetValue(id)!, ""), null, token).ConfigureAwait(false);
            return await Done(output, json, result, $"removed /{parse.GetValue(id)!.TrimStart('/')}").ConfigureAwait(false);
        }, ct));
        return remove;
    }

    private static Command Upstreams(CliContext cli)
    {
        var id = ChannelArgument();
        var upstreams = new Command("upstreams", "Show the health of a pulled channel's upstreams") { id };
        upstreams.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var reply = await client.GetAsync<UpstreamsReply>(ChannelPath(parse.GetValue(id)!, "/upstreams"), token).ConfigureAwait(false);
            return await Table(output, json, reply).ConfigureAwait(false);
        }, ct));
        return upstreams;
    }

    private static Command Switch(CliContext cli)
    {
        var id = ChannelArgument();
        var url = new Argument<string>("url") { Description = "Upstream URL to pull from now (added to the list when new)" };
        var change = new Command("switch", "Switch a pulled channel to an upstream now") { id, url };
        change.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var reply = await client.SendJsonAsync<UpstreamsReply>(HttpMethod.Post, ChannelPath(parse.GetValue(id)!, "/switch"), new { url = parse.GetValue(url) }, token)
                .ConfigureAwait(false);
            return await Table(output, json, reply).ConfigureAwait(false);
        }, ct));
        return change;
    }

    private static Command Next(CliContext cli)
    {
        var id = ChannelArgument();
        var next = new Command("next", "Move a pulled channel to its next upstream now") { id };
        next.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var reply = await client.SendJsonAsync<UpstreamsReply>(HttpMethod.Post, ChannelPath(parse.GetValue(id)!, "/next"), null, token).ConfigureAwait(false);
            return await Table(output, json, reply).ConfigureAwait(false);
        }, ct));
        return next;
    }

    private static async Task<int> Table(TextWriter output, bool json, UpstreamsReply reply)
    {
        if (json)
        {
            return await Done(output, json, reply, "").ConfigureAwait(false);
        }

        TableWriter.Write(output, ["#", "state", "active", "type", "bytes", "reconnects", "url", "last error"], reply.Upstreams.Select(u => (IReadOnlyList<string>)
        [
            u.Index.ToString(CultureInfo.InvariantCulture), u.State, u.Active ? (u.Preferred ? "yes*" : "yes") : (u.Preferred ? "*" : ""), u.Detected ?? u.Type,
            u.Bytes.ToString(CultureInfo.InvariantCulture), u.Reconnects.ToString(CultureInfo.InvariantCulture), u.Url, u.LastError ?? "",
        ]));
        await output.WriteLineAsync("* preferred upstream (fail-back target)").ConfigureAwait(false);
        return CliExitCodes.Ok;
    }

    private static async Task<int> Done<T>(TextWriter output, bool json, T value, string text)
    {
        await output.WriteLineAsync(json ? System.Text.Json.JsonSerializer.Serialize(value, AdminClient.Json) : text).ConfigureAwait(false);
        return CliExitCodes.Ok;
    }
}
