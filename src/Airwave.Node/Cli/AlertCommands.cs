using System.CommandLine;
using System.Globalization;
using Airwave.Node.Alerts;

namespace Airwave.Node.Cli;

/// <summary><c>airwave alerts</c>: the alerts firing on the node, then the ones that resolved lately.</summary>
internal static class AlertCommands
{
    public static Command Create(CliContext cli)
    {
        var alerts = new Command("alerts", "List the node's alerts: those firing now, then the last ones resolved");
        alerts.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var status = await client.GetAsync<AlertsStatus>("api/alerts", token).ConfigureAwait(false);
            if (json)
            {
                return PaletteCommands.Print(output, status);
            }

            TableWriter.Write(output, ["state", "condition", "subject", "started", "fired", "ended", "message"], status.Active.Concat(status.Recent).Select(a => (IReadOnlyList<string>)
            [
                a.State, a.Condition, a.Subject, Time(a.StartedUtc), Time(a.FiredUtc), a.EndedUtc is { } ended ? Time(ended) : "-", a.Message,
            ]));
            await output.WriteLineAsync($"Count: {status.Active.Count} firing, {status.Recent.Count} resolved").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        return alerts;
    }

    private static string Time(DateTime utc) => utc.ToString("u", CultureInfo.InvariantCulture);
}
