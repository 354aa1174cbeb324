using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A real <c>airwave serve</c> process on free loopback ports with its own temp data directory. Its output is kept for
/// failure messages; dispose stops it with SIGTERM and kills it when that does not work.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    // A cluster node joining four others on two loaded cores took 26 s (remoting, the join, the journal's first query).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeOptions options;
    private readonly HttpClient probe;
    private ChildProcess? process;
    private HttpClient? admin;
    private volatile bool ready;

    private NodeProcess(NodeOptions options)
    {
        this.options = options;
        probe = new HttpClient(AdminHandler()) { Timeout = TimeSpan.FromSeconds(5) };
        RootDirectory = Directory.CreateTempSubdirectory("airwave-it-").FullName;
        DataDirectory = Path.Combine(RootDirectory, "data");
        ConfigFile = options.Config is null ? null : Path.Combine(RootDirectory, "node.conf");
        if (ConfigFile is not null)
        {
            File.WriteAllText(ConfigFile, options.Config);
        }
    }

    /// <summary>The temp directory: working directory of the node, holding <c>node.conf</c> and <c>data/</c>.</summary>
    public string RootDirectory { get; }

    public string DataDirectory { get; }

    public string? ConfigFile { get; }

    public int HttpPort { get; private set; }

    public int AdminPort { get; private set; }

    /// <summary>Akka.Remote's port on a cluster node (<c>airwave.cluster.port</c>); kept across restarts like the others.</summary>
    public int ClusterPort { get; private set; }

    /// <summary>The node's Akka address in a cluster, as <c>cluster show</c> and <c>region-stats</c> print it.</summary>
    public string AkkaAddress => "akka.tcp://airwave@127.0.0.1:" + ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The process id while it runs.</summary>
    public int? Pid => process is { HasExited: false } running ? running.Id : null;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// True from the moment the node answered <c>/healthz</c> until it is asked to stop: what a load balancer's readiness
    /// check sees (a starting node's port already accepts connections into its backlog, long before it serves them).
    /// </summary>
    public bool IsReady => ready && IsRunning;

    /// <summary>Everything the node printed, across restarts.</summary>
    public OutputLog Log { get; } = new();

    /// <summary>An HTTP client for the admin API with the node's bearer token.</summary>
    public HttpClient Admin => admin ?? throw new InvalidOperationException("the node has not started");

    public static async Task<NodeProcess> StartAsync(NodeOptions options)
    {
        var node = new NodeProcess(options);
        try
        {
            await node.StartAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A URL on the listener/source port.</summary>
    public Uri Http(string pathAndQuery) => new($"http://127.0.0.1:{HttpPort}{pathAndQuery}");

    /// <summary>The body of a GET of <paramref name="pathAndQuery"/> on a new connection of its own, to compare what a kept-alive connection got.</summary>
    public async Task<byte[]> FreshCopyAsync(string pathAndQuery)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.ConnectionClose = true;
        return await http.GetByteArrayAsync(Http(pathAndQuery));
    }

    /// <summary>Starts the process (again, after <see cref="StopAsync"/>: same ports and data) and waits for <c>/healthz</c>.</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException("the node is running");
        }

        for (var attempt = 1; ; attempt++)
        {
            if (HttpPort == 0 || attempt > 1)
            {
                HttpPort = FreePorts.Next();
                AdminPort = FreePorts.Next();
                ClusterPort = FreePorts.Next();
            }

            var mark = Log.Mark;
            StartProcess();
            if (await WaitUntilHealthyAsync())
            {
                var token = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin.token"))).Trim();
                admin?.Dispose();
                admin = new HttpClient(AdminHandler()) { BaseAddress = new Uri($"{AdminScheme}://127.0.0.1:{AdminPort}/"), Timeout = TimeSpan.FromSeconds(10) };
                admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                ready = true;
                return;
            }

            var exited = process!.HasExited;
            await process.DisposeAsync();
            process = null;
            if (exited && attempt < 3 && Log.Since(mark).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"the node did not answer /healthz within {StartTimeout.TotalSeconds:0}s (exited: {exited}); its output:\n{Log.Since(mark)}");
        }
    }

    /// <summary>Stops the node with SIGTERM; returns its exit code, or throws when it did not stop within <paramref name="timeout"/> (it is killed then).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var running = process ?? throw new InvalidOperationException("the node is not running");
        ready = false;
        await running.SignalTerminateAsync();
        var exitCode = await running.WaitForExitAsync(timeout);
        await running.DisposeAsync();
        process = null;
        return exitCode ?? throw new TimeoutException($"the node did not stop within {timeout.TotalSeconds:0}s of SIGTERM; its output:\n{Log.Since(0, 60)}");
    }

    /// <summary>Sends a signal such as STOP or CONT to the running node.</summary>
    public async Task SignalAsync(string signal)
    {
        var running = process ?? throw new InvalidOperationException("the node is not running");
        var result = await ChildProcess.RunAsync("kill", ["-" + signal, running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {running.Id} failed: {result.Output}");
        }
    }

    /// <summary>Kills the node with SIGKILL (no shutdown at all) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        await SignalAsync("KILL");
        if (await WaitForExitAsync(TimeSpan.FromSeconds(10)) is null)
        {
            throw new TimeoutException("the node did not die of SIGKILL within 10 s");
        }
    }

    /// <summary>Waits for the node to exit by itself; returns its exit code, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        var running = process ?? throw new InvalidOperationException("the node is not running");
        var exitCode = await running.WaitForExitAsync(timeout);
        if (exitCode is not null)
        {
            await running.DisposeAsync();
            process = null;
        }

        return exitCode;
    }

    /// <summary>GET an admin API path as JSON.</summary>
    public async Task<JsonElement> GetAdminJsonAsync(string path)
    {
        using var response = await Admin.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"admin GET {path} answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Runs the CLI (<c>airwave ARGUMENTS</c>) against this node's admin port and token file: its exit and what it printed.</summary>
    public Task<ProcessResult> CliAsync(params string[] arguments) =>
        ChildProcess.RunAsync(
            "dotnet", [RepoLayout.AirwaveDll, .. arguments, "--host", "127.0.0.1:" + AdminPort.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory], TimeSpan.FromSeconds(60));

    /// <summary>The same for a command that must succeed: what it printed.</summary>
    public async Task<string> CliOutputAsync(params string[] arguments)
    {
        var result = await CliAsync(arguments);
        Assert.True(result.ExitCode == 0, $"airwave {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result.Output;
    }

    /// <summary>The admin API's view of one channel.</summary>
    public Task<JsonElement> ChannelAsync(string id) => GetAdminJsonAsync("api/channels/" + id);

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
            process = null;
        }

        admin?.Dispose();
        probe.Dispose();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private string AdminScheme => options.AdminTls ? "https" : "http";

    /// <summary>With <see cref="NodeOptions.AdminTls"/>, accepts any certificate: what the admin port's TLS serves is tested in Tls/, not by every test's probe.</summary>
    private SocketsHttpHandler AdminHandler() => new()
    {
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, errors) => errors == System.Net.Security.SslPolicyErrors.None || options.AdminTls,
        },
    };

    private void StartProcess()
    {
        var environment = new Dictionary<string, string>(options.Environment)
        {
            ["AIRWAVE__HTTP__PORT"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIRWAVE__ADMIN__PORT"] = AdminPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
            ["DOTNET_gcServer"] = "0",
        };
        if (environment.ContainsKey("AIRWAVE__CLUSTER__DATABASE"))
        {
            // Other nodes redirect and relay to this address: the loopback port, whatever the host name resolves to.
            environment.TryAdd("AIRWAVE__CLUSTER__ADVERTISE_ADDRESS", "127.0.0.1:" + HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            environment.TryAdd("AIRWAVE__CLUSTER__PORT", ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var arguments = options.Executable is null ? new List<string> { RepoLayout.AirwaveDll, "serve" } : ["serve"];
        if (ConfigFile is not null)
        {
            arguments.AddRange(["--config", ConfigFile]);
            environment["AIRWAVE__DATA_DIR"] = DataDirectory;
        }

        Log.Append($"--- starting node: http {HttpPort}, admin {AdminPort}, dir {RootDirectory}");
        process = ChildProcess.Start(options.Executable ?? "dotnet", arguments, RootDirectory, environment, Log);
    }

    private async Task<bool> WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var healthz = new Uri($"{AdminScheme}://127.0.0.1:{AdminPort}/healthz");
        while (DateTime.UtcNow < deadline && process is { HasExited: false })
        {
            try
            {
                using var response = await probe.GetAsync(healthz);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        return false;
    }
}
