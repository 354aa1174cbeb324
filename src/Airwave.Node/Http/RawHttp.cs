using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Airwave.Node.Http;

/// <summary>Writes HTTP answers straight onto a connection, for the requests served before Kestrel's HTTP parser.</summary>
internal static class RawHttp
{
    /// <summary>Writes a complete answer with a plain-text body and <c>Connection: close</c>.</summary>
    public static Task RespondAsync(PipeWriter output, string protocol, int status, string reason, string body, string extraHeaders = "") =>
        WriteAsync(output, $"{protocol} {status} {reason}\r\nServer: Airwave\r\nContent-Type: text/plain; charset=utf-8\r\n{extraHeaders}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    /// <summary>Writes <paramref name="text"/> as UTF-8 and flushes.</summary>
    public static async Task WriteAsync(PipeWriter output, string text)
    {
        output.Write(Encoding.UTF8.GetBytes(text));
        await output.FlushAsync().ConfigureAwait(false);
    }
}
