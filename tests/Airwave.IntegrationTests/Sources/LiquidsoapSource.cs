using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>Debian's liquidsoap pushing a 440 Hz sine as MP3 with <c>output.icecast</c>, as radio stations run it.</summary>
internal static class LiquidsoapSource
{
    /// <summary>Starts liquidsoap with a script written into <paramref name="directory"/>; dispose the result to stop it.</summary>
    /// <param name="directory">Where the script goes; also liquidsoap's working directory.</param>
    /// <param name="port">The node's source port.</param>
    /// <param name="mount">The mount, with its slash.</param>
    /// <param name="password">The mount's source password.</param>
    /// <param name="method">output.icecast's <c>method</c>: <c>put</c>, or <c>source</c> for the legacy SOURCE request.</param>
    /// <param name="chunked">Send the <c>PUT</c> body with chunked transfer encoding.</param>
    /// <param name="output">Where liquidsoap's log goes (the node's log reads best).</param>
    /// <param name="protocol">output.icecast's <c>protocol</c>: <c>http</c>, or <c>https</c> for Icecast over TLS.</param>
    public static ChildProcess Start(string directory, int port, string mount, string password, string method, bool chunked, OutputLog output, string protocol = "http")
    {
        var script = Path.Combine(directory, mount.Trim('/') + ".liq");
        File.WriteAllText(script, string.Create(CultureInfo.InvariantCulture, $"""
            settings.log.stdout.set(true)
            settings.log.file.set(false)
            settings.init.allow_root.set(true)
            output.icecast(%mp3(bitrate=128), host="127.0.0.1", port={port}, password="{password}", mount="{mount}",
              protocol="{protocol}", method="{method}", chunked={(chunked ? "true" : "false")}, name="liquidsoap test", on_error=fun (_) -> 1., sine(440.))
            """));
        return ChildProcess.Start("liquidsoap", [script], directory, output: output, prefix: "[liquidsoap]");
    }
}
