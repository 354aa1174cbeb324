using System.Diagnostics;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>A real Icecast 2 (Debian's icecast2) on a free loopback port with a throwaway configuration.</summary>
internal sealed class IcecastServer : IAsyncDisposable
{
    public const string Password = "ice-test-pw";
    private readonly string directory;
    private readonly ChildProcess process;

    private IcecastServer(string directory, int port, ChildProcess process)
    {
        this.directory = directory;
        Port = port;
        this.process = process;
    }

    public int Port { get; }

    public OutputLog Output => process.Output;

    /// <summary>Starts Icecast; with <paramref name="relay"/> it also relays that HTTP stream (titles included) at the same mount path of its own, from the start.</summary>
    public static async Task<IcecastServer> StartAsync(Uri? relay = null)
    {
        var directory = Directory.CreateTempSubdirectory("airwave-icecast-").FullName;
        var logs = Path.Combine(directory, "logs");
        Directory.CreateDirectory(logs);
        var owner = "";
        if (Environment.UserName == "root")
        {
            owner = "<changeowner><user>icecast2</user><group>icecast</group></changeowner>";
            using var chown = Process.Start("chown", ["-R", "icecast2", directory]);
            await chown.WaitForExitAsync();
        }

        var port = FreePorts.Next();
        var config = Path.Combine(directory, "icecast.xml");
        await File.WriteAllTextAsync(config, $"""
            <icecast>
              <location>test</location><admin>test@localhost</admin><hostname>127.0.0.1</hostname>
              <limits><clients>100</clients><sources>4</sources><burst-size>65536</burst-size><source-timeout>10</source-timeout></limits>
              <authentication><source-password>{Password}</source-password><admin-user>admin</admin-user><admin-password>{Password}</admin-password></authentication>
              <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
              <paths><basedir>{directory}</basedir><logdir>{logs}</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
              <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
              <security><chroot>0</chroot>{owner}</security>
              {RelayConfig(relay)}
            </icecast>
            """);
        var process = ChildProcess.Start("icecast2", ["-c", config], prefix: "[icecast]");
        var server = new IcecastServer(directory, port, process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/status-json.xsl");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            up => up,
            TimeSpan.FromSeconds(20),
            "icecast2 to listen",
            () => process.Output.Text);
        return server;
    }

    public string SourceUrl(string mount) => $"icecast://source:{Password}@127.0.0.1:{Port}{mount}";

    public Uri ListenUrl(string mount) => new($"http://127.0.0.1:{Port}{mount}");

    /// <summary>Sets the title of a mount through Icecast's admin interface.</summary>
    public async Task SetTitleAsync(string mount, string title)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Port}/admin/metadata?mount={mount}&mode=updinfo&song={Uri.EscapeDataString(title)}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("admin:" + Password)));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RelayConfig(Uri? relay) => relay is null ? "" : $"""
        <relay>
          <server>{relay.Host}</server><port>{relay.Port}</port><mount>{relay.AbsolutePath}</mount><local-mount>{relay.AbsolutePath}</local-mount>
          <on-demand>0</on-demand><relay-shoutcast-metadata>1</relay-shoutcast-metadata>
        </relay>
        """;
}
