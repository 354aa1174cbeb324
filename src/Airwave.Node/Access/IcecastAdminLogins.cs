using Airwave.Streaming.Access;

namespace Airwave.Node.Access;

/// <summary>
/// Counts the Icecast admin API's failed Basic logins (<c>/admin/*</c> on the listener port, where the admin password
/// and every mount's source password are tried) in the node's <see cref="LoginThrottle"/>: a locked-out address is
/// answered 429 before anything is checked, and a failed one's 401 is held back as long as the throttle says.
/// </summary>
/// <remarks>
/// The decision stays with the admin endpoints, which know which passwords a command takes: this only reads the status
/// they answer with, and delays a 401 before its head goes out. A request another node passed on to the mount's owner
/// is counted by the client address that node signed, not by the node's own.
/// </remarks>
internal static class IcecastAdminLogins
{
    public static IApplicationBuilder UseIcecastAdminLogins(this IApplicationBuilder app, LoginThrottle logins, Placement.OwnerProxy proxy, ILogger log) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments("/admin", StringComparison.Ordinal) || request.Headers.Authorization.Count == 0)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var client = proxy.ClientOf(context);
            var login = LoginThrottle.KeyOf("Icecast admin", client);
            if (logins.Check(login, client) is { Locked: true } locked)
            {
                context.Response.Headers.RetryAfter = locked.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Http.PlainText.WriteAsync(context.Response, StatusCodes.Status429TooManyRequests, $"Too many failed logins: retry in {locked.RetryAfterSeconds} s").ConfigureAwait(false);
                return;
            }

            context.Response.OnStarting(async () =>
            {
                if (context.Response.StatusCode != StatusCodes.Status401Unauthorized)
                {
                    logins.Succeeded(login);
                    return;
                }

                var failed = logins.Failed(login, client);
                if (failed.First || failed.Locked)
                {
                    log.LogWarning("Icecast admin {Path} from {Client}: wrong credentials{Lockout}", request.Path, client, failed.Locked ? $" ({failed.Failures} in a row: locked out for {failed.LockedFor})" : "");
                }

                await Task.Delay(failed.Delay, context.RequestAborted).ConfigureAwait(false);
            });
            await next(context).ConfigureAwait(false);
        });
}
