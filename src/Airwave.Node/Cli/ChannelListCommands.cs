using System.CommandLine;
using Airwave.Node.ChannelList;

namespace Airwave.Node.Cli;

/// <summary><c>channels reconcile [--dry-run]</c>: reconcile the runtime channels with the channel list now and print the diff.</summary>
internal static class ChannelListCommands
{
    public static Command Reconcile(CliContext cli)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print what would change" };
        var reconcile = new Command("reconcile", "Reconcile the channels with airwave.channels-from now: start missing, stop removed, restart changed") { dryRun };
        reconcile.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var report = await client.SendJsonAsync<ChannelListReport>(
                HttpMethod.Post, "api/channels/reconcile" + (parse.GetValue(dryRun) ? "?dry-run=true" : ""), null, token).ConfigureAwait(false);
            if (json)
            {
                return PaletteCommands.Print(output, report);
            }

            var verb = report.Applied ? "" : "would ";
            foreach (var (change, names) in new[] { ("start", report.Start), ("stop", report.Stop), ("restart", report.Restart) })
            {
                foreach (var name in names)
                {
                    await output.WriteLineAsync($"{verb}{change} /{name}").ConfigureAwait(false);
                }
            }

            foreach (var conflict in report.Conflicts)
            {
                await output.WriteLineAsync($"left alone: {conflict}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(report.Error is { } error
                ? $"error: {error}"
                : $"{report.Start.Count + report.Stop.Count + report.Restart.Count} changes{(report.Applied ? "" : " (dry run)")}, {report.Unchanged.Count} unchanged").ConfigureAwait(false);
            return report.Error is null ? CliExitCodes.Ok : CliExitCodes.Failed;
        }, ct));
        return reconcile;
    }
}
