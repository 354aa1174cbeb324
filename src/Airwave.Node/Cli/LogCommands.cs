using System.CommandLine;
using System.Text.Json;
using Airwave.Node.Admin;

namespace Airwave.Node.Cli;

/// <summary>The <c>log</c> palette: <c>peek</c> prints the node's last log lines.</summary>
internal static class LogCommands
{
    public static Command Create(CliContext cli)
    {
        var lines = new Option<int>("-n", "--lines") { Description = "How many of the last lines (at most 1000)", DefaultValueFactory = _ => 50 };
        var peek = new Command("peek", "Print the node's last log lines") { lines };
        peek.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var peeked = await client.GetAsync<LogPeek>($"api/log/peek?lines={parse.GetValue(lines)}", token).ConfigureAwait(false);
            await output.WriteLineAsync(json ? JsonSerializer.Serialize(peeked, AdminClient.Json) : string.Join(Environment.NewLine, peeked.Lines)).ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return new Command("log", "Log palette") { peek };
    }
}
