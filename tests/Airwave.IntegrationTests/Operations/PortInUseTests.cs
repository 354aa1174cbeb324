using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>A node that cannot bind its listener port says so and exits cleanly with code 1.</summary>
public sealed class PortInUseTests
{
    [Fact]
    public async Task Taken_listener_port_stops_serve_with_exit_code_1_and_a_clean_shutdown()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var directory = Directory.CreateTempSubdirectory("airwave-it-port-").FullName;
        try
        {
            var config = Path.Combine(directory, "node.conf");
            await File.WriteAllTextAsync(config, "airwave { channels { live { password = \"pw\" } } }\n");
            var environment = new Dictionary<string, string>
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
                ["AIRWAVE__HTTP__PORT"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            };

            var result = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "serve", "--config", config], TimeSpan.FromSeconds(60), directory, environment);

            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
            Assert.Contains("cannot listen", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Shutdown task", result.Output, StringComparison.Ordinal);
            Assert.Contains("node stopped", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
            Directory.Delete(directory, recursive: true);
        }
    }
}
