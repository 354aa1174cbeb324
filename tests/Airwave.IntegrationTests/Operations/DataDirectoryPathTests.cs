using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>
/// A relative <c>airwave.data-dir</c> means the directory the user started the node in, also through the README's
/// <c>dotnet run --project src/Airwave.Node</c> (the Web SDK used to run it in the project directory, so data and
/// admin.token landed in src/Airwave.Node/data).
/// </summary>
public sealed class DataDirectoryPathTests
{
    [Fact]
    public async Task Dotnet_run_from_another_directory_keeps_data_under_that_directory_and_logs_the_absolute_path()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-cwd-").FullName;
        var adminPort = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
            ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE__ADMIN__PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
        };
        var project = Path.Combine(RepoLayout.Root, "src", "Airwave.Node");
        var node = ChildProcess.Start("dotnet", ["run", "--no-build", "-c", RepoLayout.Configuration, "--project", project, "--", "serve"], directory, environment);
        try
        {
            var data = Path.Combine(directory, "data");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Poll.UntilAsync(
                async () => node.HasExited || await IsHealthyAsync(http, adminPort),
                done => done,
                TimeSpan.FromSeconds(90),
                "the node started through dotnet run to answer /healthz",
                () => node.Output.Text);

            Assert.False(node.HasExited, node.Output.Text);
            Assert.True(File.Exists(Path.Combine(data, "admin.token")), $"no admin.token in {data}; the node said:\n{node.Output.Text}");
            Assert.Contains($"data in {data} ", node.Output.Text, StringComparison.Ordinal);
        }
        finally
        {
            await node.StopAsync(TimeSpan.FromSeconds(30));
            await node.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, int adminPort)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{adminPort.ToString(CultureInfo.InvariantCulture)}/healthz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
