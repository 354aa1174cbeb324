using Airwave.Streaming.Sources;

namespace Airwave.Node.Admin;

/// <summary>
/// Who may use the admin API: the node's admin token may do everything; a read-only token (for monitoring and
/// dashboards) may only read, so a leaked scraper credential cannot add channels, stop sessions or down members.
/// </summary>
/// <param name="adminToken">The node's token (<c>airwave.admin.token</c>, or the generated one).</param>
/// <param name="readOnlyTokens">The <c>airwave.admin.read-only-tokens</c>.</param>
internal sealed class AdminAccess(string adminToken, IReadOnlyList<string> readOnlyTokens)
{
    private const string Bearer = "Bearer ";

    /// <summary>What a request's token allows it, answered as the API answers: null when the request may go on.</summary>
    public IResult? Refusal(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : null;
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
