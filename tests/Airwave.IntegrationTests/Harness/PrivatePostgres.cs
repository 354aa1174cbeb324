using System.Globalization;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A PostgreSQL server of one test's own (scripts/start-test-postgres.sh in a temp directory, on a free port), which the
/// test may stop and start again: the suite's shared server must stay up for the tests running beside it.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string directory;
    private readonly string bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().Last();

    private PrivatePostgres(string directory, string connectionString)
    {
        this.directory = directory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"airwave-pg-{Guid.NewGuid():N}");
        var port = FreePorts.Next();
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "start-test-postgres.sh"), directory, port.ToString(CultureInfo.InvariantCulture)], Patience);
        var line = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("export AIRWAVE_TEST_POSTGRES='", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"PostgreSQL did not start (exit {result.ExitCode}): {result.Output}");
        return new PrivatePostgres(directory, line["export AIRWAVE_TEST_POSTGRES='".Length..].TrimEnd('\'', '\r'));
    }

    /// <summary>Stops the server at once (clients see their connections cut), keeping its data.</summary>
    public Task StopServerAsync() => PgCtlAsync("-m", "fast", "-w", "stop");

    /// <summary>Starts the stopped server again, with the same data and port.</summary>
    public Task StartServerAsync() => PgCtlAsync("-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start");

    public async ValueTask DisposeAsync() =>
        await ChildProcess.RunAsync("bash", [Path.Combine(RepoLayout.Root, "scripts", "stop-test-postgres.sh"), directory], Patience);

    private async Task PgCtlAsync(params string[] arguments)
    {
        string[] command = [Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), .. arguments];
        var result = Environment.UserName == "root"
            ? await ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", .. command], Patience)
            : await ChildProcess.RunAsync(command[0], command[1..], Patience);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}
