using System.CommandLine;
using System.Globalization;
using Airwave.Node.Transcode;

namespace Airwave.Node.Cli;

/// <summary>The <c>transcode</c> palette: <c>list</c> the node's on-demand transcode sessions, <c>stop</c> one.</summary>
internal static class TranscodeCommands
{
    public static Command Create(CliContext cli)
    {
        var list = new Command("list", "List on-demand transcode sessions: id, channel, profile, user, window and state");
        list.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var sessions = await client.GetAsync<List<TranscodeSessionStatus>>("api/transcode", token).ConfigureAwait(false);
            if (json)
            {
                return PaletteCommands.Print(output, sessions);
            }

            TableWriter.Write(output, ["id", "channel", "profile", "user", "from", "to", "state", "playlist"], sessions.Select(s => (IReadOnlyList<string>)
            [
                s.Id, s.Channel, s.Profile, s.User, s.StartUtc?.ToString("u", CultureInfo.InvariantCulture) ?? "live", s.EndUtc?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                s.State, s.Playlist,
            ]));
            await output.WriteLineAsync($"Count: {sessions.Count} transcode sessions").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));

        var id = new Argument<string>("id") { Description = "The session id (from transcode list)" };
        var stop = new Command("stop", "Stop a transcode session: its ffmpeg ends and its files are removed") { id };
        stop.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var result = await client.SendJsonAsync<Dictionary<string, string>>(HttpMethod.Delete, "api/transcode/" + Uri.EscapeDataString(parse.GetValue(id)!), null, token).ConfigureAwait(false);
            if (json)
            {
                return PaletteCommands.Print(output, result);
            }

            await output.WriteLineAsync($"stopped transcode session {result["stopped"]}").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return new Command("transcode", "On-demand transcode session palette") { list, stop };
    }
}
