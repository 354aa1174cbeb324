namespace Airwave.Node.Http;

/// <summary>Short plain-text answers for errors, the form Icecast clients show to their users.</summary>
internal static class PlainText
{
    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        return response.WriteAsync(message + "\n");
    }
}
