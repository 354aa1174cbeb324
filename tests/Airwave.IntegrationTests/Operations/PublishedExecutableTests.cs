using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>
/// The README's first step, for real: <c>scripts/build.sh</c> publishes an <c>airwave</c> executable that serves the
/// standalone default from any directory, keeps its data in <c>./data</c> there, and answers its CLI from the same place.
/// </summary>
public sealed class PublishedExecutableTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Build_script_publishes_an_airwave_that_serves_the_demo_and_its_CLI_from_the_start_directory()
    {
        var published = Directory.CreateTempSubdirectory("airwave-published-");
        var artifacts = Directory.CreateTempSubdirectory("airwave-publish-artifacts-");
        try
        {
            // A publish compiles for this machine's runtime with ahead-of-time code, so it cannot reuse the suite's portable
            // build; its own artifacts path keeps it from rewriting src/*/bin under the other tests' running nodes.
            var build = await ChildProcess.RunAsync(
                Path.Combine(RepoLayout.Root, "scripts", "build.sh"), [published.FullName, "--artifacts-path", artifacts.FullName], PublishTimeout, RepoLayout.Root, NoBuildServers);
            output.WriteLine(build.Output);
            Assert.True(build.ExitCode == 0, $"scripts/build.sh exited {build.ExitCode}: {build.Output}");
            var airwave = Path.Combine(published.FullName, "airwave");
            Assert.True(HasReadyToRunCode(Path.Combine(published.FullName, "airwave.dll")), "the published airwave.dll carries no ReadyToRun code");

            var help = await ChildProcess.RunAsync(airwave, ["--help"], CliTimeout);
            Assert.True(help.ExitCode == 0, $"airwave --help exited {help.ExitCode}: {help.Output}");
            Assert.Contains("serve", help.Output, StringComparison.Ordinal);

            await using var node = await NodeProcess.StartAsync(new NodeOptions { Executable = airwave });
            Assert.True(File.Exists(Path.Combine(node.RootDirectory, "data", "admin.token")), "no admin.token under ./data of the directory the node was started in");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var page in new[] { "/", "/static/player.html", "/static/hls.min.js" })
            {
                using var response = await http.GetAsync(node.Http(page));
                Assert.True(response.IsSuccessStatusCode, $"GET {page} answered {(int)response.StatusCode}");
            }

            var recorded = Path.Combine(node.RootDirectory, "demo.mp3");
            var listened = await FfmpegProcess.RecordAsync(node.Http("/demo"), 2, recorded, TimeSpan.FromSeconds(60));
            Assert.True(listened.ExitCode == 0, $"the ffmpeg listener failed: {listened.Output}");
            Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(recorded)).Codec);

            // As the README says: run from the directory the node was started in, the CLI finds ./data/admin.token by itself.
            var list = await ChildProcess.RunAsync(
                airwave, ["channels", "list", "--host", "127.0.0.1:" + node.AdminPort.ToString(CultureInfo.InvariantCulture)], CliTimeout, node.RootDirectory);
            Assert.True(list.ExitCode == 0, $"airwave channels list exited {list.ExitCode}: {list.Output}");
            Assert.Contains("/demo", list.Output, StringComparison.Ordinal);
        }
        finally
        {
            published.Delete(recursive: true);
            artifacts.Delete(recursive: true);
        }
    }

    /// <summary>True when <paramref name="assembly"/> holds precompiled code: its CLI header then points at a ReadyToRun header.</summary>
    private static bool HasReadyToRunCode(string assembly)
    {
        using var file = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(file);
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>MSBuild and compiler servers outlive the build and hold its output pipes open: the test would wait for them.</summary>
    private static Dictionary<string, string> NoBuildServers => new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };
}
