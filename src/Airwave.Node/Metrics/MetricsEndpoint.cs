using Airwave.Node.Admin;

namespace Airwave.Node.Metrics;

/// <summary><c>GET /metrics</c> in Prometheus' text exposition format: on the admin port behind the admin or a read-only token, on the listener port open unless switched off.</summary>
internal sealed class MetricsEndpoint(NodeMetrics metrics, MetricsOptions options)
{
    public const string Route = "/metrics";

    /// <summary>Prometheus' text format, version 0.0.4: what every Prometheus and promtool read.</summary>
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Maps the endpoint on the admin port, where <paramref name="access"/> decides as for the admin API.</summary>
    public void MapAdmin(IEndpointRouteBuilder routes, AdminAccess access) =>
        routes.MapGet(Route, async (HttpContext context) =>
        {
            if (await access.RefusalAsync(context.Request).ConfigureAwait(false) is { } refusal)
            {
                await refusal.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context).ConfigureAwait(false);
        });

    /// <summary>Maps the endpoint on the listener port, open to anyone who can reach it, unless <see cref="MetricsOptions.OnListenerPort"/> is off.</summary>
    public void MapListener(IEndpointRouteBuilder routes)
    {
        if (options.OnListenerPort)
        {
            routes.MapGet(Route, WriteAsync);
        }
    }

    private async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
