using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary><c>airwave.metrics</c> is checked at start like every other setting.</summary>
public sealed class MetricsSettingsTests
{
    [Fact]
    public async Task A_listener_port_switch_that_is_not_on_or_off_stops_serve_with_exit_code_2_naming_key_and_place()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-metrics-").FullName;
        try
        {
            var config = Path.Combine(directory, "node.conf");
            await File.WriteAllTextAsync(config, "airwave {\n  metrics { listener-port = sometimes }\n}\n");
            var environment = new Dictionary<string, string>
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };

            var result = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "serve", "--config", config], TimeSpan.FromSeconds(60), directory, environment);

            Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Output}");
            Assert.Contains($"{config}:2:", result.Output, StringComparison.Ordinal);
            Assert.Contains("airwave.metrics.listener-port: must be on or off, not \"sometimes\"", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
