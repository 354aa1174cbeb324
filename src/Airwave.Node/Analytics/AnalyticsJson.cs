using System.Text.Json;

namespace Airwave.Node.Analytics;

/// <summary>
/// How the analytics speak JSON: snake_case (<c>unique_listeners</c>, <c>tlh_hours</c>), as StreamMachine's analytics and
/// Elasticsearch documents do, and unlike the rest of the admin API's camelCase, so reports and events read the same
/// wherever they land.
/// </summary>
internal static class AnalyticsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
