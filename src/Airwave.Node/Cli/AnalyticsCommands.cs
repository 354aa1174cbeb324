using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Airwave.Node.Analytics;
using Airwave.Streaming.Analytics;

namespace Airwave.Node.Cli;

/// <summary>
/// <c>airwave analytics [--channel C] [--from T] [--to T] [--interval D]</c>: the listening report as tables (the window,
/// by output, by offset, per interval); <c>airwave analytics export [--format csv|ndjson]</c>: the window's listens.
/// </summary>
internal static class AnalyticsCommands
{
    private static readonly JsonSerializerOptions Indented = new(AnalyticsJson.Options) { WriteIndented = true };

    private static readonly string[] Headers = ["sessions", "unique", "peak", "TLH (h)", "ATSL (min)", "MB"];

    public static Command Create(CliContext cli)
    {
        var channel = new Option<string?>("--channel", "-c") { Description = "One channel (its name); all channels without it" };
        var from = new Option<string?>("--from") { Description = "The window's start: ISO 8601 (2026-12-03T09:00:00Z), a date, or a time ago (-7d); default 24 hours before --to" };
        var to = new Option<string?>("--to") { Description = "The window's end, like --from; default now" };
        var interval = new Option<string?>("--interval", "-i") { Description = "The length of each row of the report (15m, 1h, 1d); default 1h" };
        var analytics = new Command("analytics", "Print the listening report: sessions, unique listeners, peak concurrent, listening hours, ATSL") { channel, from, to, interval };
        analytics.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var path = "api/analytics" + Query(("channel", parse.GetValue(channel)), ("from", parse.GetValue(from)), ("to", parse.GetValue(to)), ("interval", parse.GetValue(interval)));
            var report = await client.GetAsync<ListeningReport>(path, AnalyticsJson.Options, token).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, Indented)).ConfigureAwait(false);
                return CliExitCodes.Ok;
            }

            await output.WriteLineAsync($"{report.Channel ?? "all channels"}, {Time(report.From)} to {Time(report.To)} (live: under {report.LiveWithinSeconds:0}s behind)").ConfigureAwait(false);
            var scopes = new List<(string Name, ListeningFigures Figures)> { ("total", report.Total) };
            scopes.AddRange(report.ByOutput.Select(o => (o.Key, o.Value)));
            scopes.AddRange(report.ByOffset.Select(o => (o.Key, o.Value)));
            TableWriter.Write(output, ["", .. Headers], scopes.Select(s => (IReadOnlyList<string>)[s.Name, .. Cells(s.Figures)]));
            await output.WriteLineAsync().ConfigureAwait(false);
            TableWriter.Write(output, ["from", .. Headers], report.Intervals.Select(i => (IReadOnlyList<string>)[Time(i.From), .. Cells(i)]));
            return CliExitCodes.Ok;
        }, ct));

        var format = new Option<string>("--format", "-f") { Description = "csv or ndjson", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "ndjson");
        var export = new Command("export", "Write the window's listens (one per connection, HLS session or download) as CSV or NDJSON") { channel, from, to, format };
        export.SetAction((parse, ct) => cli.RunAsync(parse, async (client, _, output, token) =>
        {
            var path = "api/analytics/listens" + Query(
                ("channel", parse.GetValue(channel)), ("from", parse.GetValue(from)), ("to", parse.GetValue(to)), ("format", parse.GetValue(format)));
            await client.CopyAsync(path, output, token).ConfigureAwait(false);
            return CliExitCodes.Ok;
        }, ct));
        analytics.Subcommands.Add(export);
        return analytics;
    }

    private static string[] Cells(ListeningFigures f) =>
    [
        f.Sessions.ToString(CultureInfo.InvariantCulture), f.UniqueListeners.ToString(CultureInfo.InvariantCulture), f.PeakConcurrent.ToString(CultureInfo.InvariantCulture),
        f.TlhHours.ToString("0.###", CultureInfo.InvariantCulture), f.AtslMinutes.ToString("0.#", CultureInfo.InvariantCulture),
        (f.Bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture),
    ];

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return set.Count == 0 ? "" : "?" + string.Join('&', set);
    }

    private static string Time(DateTime utc) => utc.ToString("u", CultureInfo.InvariantCulture);
}
