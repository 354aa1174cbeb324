using Airwave.Streaming.Sources;

namespace Airwave.Node.Admin;

/// <summary>
/// Who may use the admin API: the node's admin token may do everything; a read-only token (for monitoring and
/// dashboards) may only read, so a leaked scraper credential cannot add channels, stop sessions or down members.
/// </summary>
/// <param name="adminToken">The node's token (<c>airwave.admin.token</c>, or the generated one).</param>
/// <param name="readOnlyTokens">The <c>airwave.admin.read-only-tokens</c>.</param>
/// <param name="logins">Slows down and locks out clients guessing tokens.</param>
/// <param name="log">Where the first wrong token of a client, and its lockout, are reported.</param>
internal sealed class AdminAccess(string adminToken, IReadOnlyList<string> readOnlyTokens, Streaming.Access.LoginThrottle logins, ILogger log)
{
    private const string Bearer = "Bearer ";

    /// <summary>What a request's token allows it, answered as the API answers: null when the request may go on.</summary>
    /// <remarks>A wrong token counts as a failed login of its address; one locked out is refused 429 before its token is compared.</remarks>
    public async ValueTask<IResult?> RefusalAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : null;
        var client = request.HttpContext.Connection.RemoteIpAddress;
        var login = Streaming.Access.LoginThrottle.KeyOf("admin API", client);
        if (token is not null && logins.Check(login, client) is { Locked: true } locked)
        {
            request.HttpContext.Response.Headers.RetryAfter = locked.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = $"too many wrong tokens from this address: retry in {locked.RetryAfterSeconds} s" }, statusCode: StatusCodes.Status429TooManyRequests);
        }

        var refusal = Refusal(request, token);
        if (token is null || refusal is not { } wrong || wrong is IStatusCodeHttpResult { StatusCode: StatusCodes.Status403Forbidden })
        {
            if (token is not null && refusal is null)
            {
                logins.Succeeded(login);
            }

            return refusal;
        }

        var failed = logins.Failed(login, client);
        if (failed.First || failed.Locked)
        {
            log.LogWarning("admin API {Method} {Path} from {Client}: wrong token{Lockout}", request.Method, request.Path, client, failed.Locked ? $" ({failed.Failures} in a row: locked out for {failed.LockedFor})" : "");
        }

        await Task.Delay(failed.Delay, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return refusal;
    }

    private IResult? Refusal(HttpRequest request, string? token)
    {
        if (token is not null && BasicCredentials.SecretsEqual(token, adminToken))
        {
            return null;
        }

        // Every read-only token is compared, so the time taken does not tell which one came close.
        var readOnly = false;
        foreach (var candidate in readOnlyTokens)
        {
            readOnly |= token is not null && BasicCredentials.SecretsEqual(token, candidate);
        }

        if (!readOnly)
        {
            return Results.Json(new { error = "missing or wrong admin token" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? null
            : Results.Json(new { error = $"a read-only token cannot {request.Method} {request.Path}: use the admin token" }, statusCode: StatusCodes.Status403Forbidden);
    }
}
