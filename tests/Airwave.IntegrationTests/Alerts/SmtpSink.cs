using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>A real SMTP server: Debian's aiosmtpd (<c>python3-aiosmtpd</c>), which prints every mail it takes, headers first.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly ChildProcess process;

    private SmtpSink(int port)
    {
        Port = port;
        // Debian's python3, which the package installs into (a python3 earlier on PATH, pyenv's, may lack it); -u: unbuffered,
        // so each mail shows in the output as it arrives.
        process = ChildProcess.Start("/usr/bin/python3", ["-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)], output: Output, prefix: "[smtp]");
    }

    public int Port { get; }

    public OutputLog Output { get; } = new();

    public static SmtpSink Start(int port) => new(port);

    /// <summary>The Subject lines of the mails taken so far, in order.</summary>
    public List<string> Subjects() =>
        [.. Output.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("Subject: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("Subject: ", StringComparison.Ordinal) + 9)..])];

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
