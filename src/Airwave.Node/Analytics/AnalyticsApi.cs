using System.Text;
using System.Text.Json;
using Airwave.Node.Hosting;
using Airwave.Persistence.Analytics;
using Airwave.Streaming.Analytics;

namespace Airwave.Node.Analytics;

/// <summary>
/// <c>GET /api/analytics</c>: the listening report of a window (<see cref="ListeningReport"/>), and
/// <c>GET /api/analytics/listens?format=ndjson|csv</c>: the window's listens themselves, streamed. Both read the database
/// every node of a cluster writes its listens to, so any node answers for the whole cluster.
/// </summary>
internal static class AnalyticsApi
{
    public static void Map(IEndpointRouteBuilder api, NodeRuntime node, IListenStore store, TimeProvider clock)
    {
        api.MapGet("/analytics", async (HttpContext context) =>
        {
            ListeningReportBuilder report;
            AnalyticsQuery query;
            try
            {
                query = AnalyticsQuery.Parse(context.Request.Query, clock.GetUtcNow().UtcDateTime);
                report = new ListeningReportBuilder(query.Channel, query.FromUtc, query.ToUtc, query.Interval, node.Listening.Options.LiveWithin);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return BadRequest(e.Message);
            }

            await foreach (var listen in store.ReadAsync(query.Channel, query.FromUtc, query.ToUtc, context.RequestAborted).ConfigureAwait(false))
            {
                report.Add(listen);
            }

            return Results.Json(report.Build(), AnalyticsJson.Options);
        });
        api.MapGet("/analytics/listens", async (HttpContext context) =>
        {
            AnalyticsQuery query;
            try
            {
                query = AnalyticsQuery.Parse(context.Request.Query, clock.GetUtcNow().UtcDateTime);
            }
            catch (FormatException e)
            {
                await BadRequest(e.Message).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            switch (context.Request.Query["format"].ToString())
            {
                case "" or "ndjson":
                    await ExportAsync(context, store, query, csv: false).ConfigureAwait(false);
                    break;
                case "csv":
                    await ExportAsync(context, store, query, csv: true).ConfigureAwait(false);
                    break;
                case var other:
                    await BadRequest($"format: \"{other}\" is neither ndjson nor csv").ExecuteAsync(context).ConfigureAwait(false);
                    break;
            }
        });
    }

    private static async Task ExportAsync(HttpContext context, IListenStore store, AnalyticsQuery query, bool csv)
    {
        var response = context.Response;
        response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
        response.Headers.ContentDisposition = $"attachment; filename=\"listens.{(csv ? "csv" : "ndjson")}\"";
        var body = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
        await using (body.ConfigureAwait(false))
        {
            if (csv)
            {
                await body.WriteLineAsync(ListenDocument.CsvHeader).ConfigureAwait(false);
            }

            await foreach (var listen in store.ReadAsync(query.Channel, query.FromUtc, query.ToUtc, context.RequestAborted).ConfigureAwait(false))
            {
                var document = ListenDocument.Of(listen);
                await body.WriteLineAsync(csv ? document.CsvLine() : JsonSerializer.Serialize(document, AnalyticsJson.Options)).ConfigureAwait(false);
            }
        }
    }

    private static IResult BadRequest(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
}
