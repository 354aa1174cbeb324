using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary><c>airwave serve</c> with nothing configured serves the demo at once, speaks Icecast's status JSON, and the CLI reads it.</summary>
public sealed class StandaloneDefaultTests(StandaloneNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<StandaloneNode>
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Demo_mount_streams_decodable_mp3_with_data_in_the_working_directory()
    {
        Assert.True(File.Exists(Path.Combine(node.RootDirectory, "data", "admin.token")), "no admin.token under ./data of the working directory");
        var file = Path.Combine(node.RootDirectory, "demo.mp3");

        var recorded = await FfmpegProcess.RecordAsync(node.Http("/demo"), 4, file, TimeSpan.FromSeconds(60));

        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.Equal("mp3", probe.Codec);
        Assert.InRange(probe.DurationSeconds, 3.0, 5.0);
    }

    [Fact]
    public async Task Status_json_lists_the_demo_source_in_icestats()
    {
        await node.WaitForSourceAudioAsync("demo", 0.5);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var status = JsonDocument.Parse(await http.GetStringAsync(node.Http("/status-json.xsl")));

        var icestats = status.RootElement.GetProperty("icestats");
        Assert.StartsWith("Airwave", icestats.GetProperty("server_id").GetString(), StringComparison.Ordinal);
        var source = icestats.GetProperty("source");
        var sources = source.ValueKind == JsonValueKind.Array ? [.. source.EnumerateArray()] : new[] { source };
        var demo = Assert.Single(sources, s => s.GetProperty("listenurl").GetString()!.EndsWith("/demo", StringComparison.Ordinal));
        Assert.Equal("audio/mpeg", demo.GetProperty("server_type").GetString());
    }

    [Fact]
    public async Task Cli_channels_list_prints_the_demo_mount()
    {
        var result = await CliAsync("channels", "list", "--host", AdminHost(node.AdminPort), "--data-dir", node.DataDirectory);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains("/demo", result.Output, StringComparison.Ordinal);
        Assert.Contains("/live", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_cluster_show_lists_the_standalone_node_alone_and_Up()
    {
        var result = await CliAsync("cluster", "show", "--host", AdminHost(node.AdminPort), "--data-dir", node.DataDirectory);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains("| [master, slave] | up | |", result.Output, StringComparison.Ordinal);
        Assert.Contains("Count: 1 nodes", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_with_a_wrong_token_exits_with_4()
    {
        var result = await CliAsync("channels", "list", "--host", AdminHost(node.AdminPort), "--token", "not-the-token");

        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public async Task Cli_against_a_closed_port_exits_with_3()
    {
        var result = await CliAsync("channels", "list", "--host", AdminHost(FreePorts.Next()), "--token", "any", "--timeout", "20");

        Assert.Equal(3, result.ExitCode);
    }

    private static string AdminHost(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static Task<ProcessResult> CliAsync(params string[] arguments) =>
        ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, .. arguments], CliTimeout);
}
