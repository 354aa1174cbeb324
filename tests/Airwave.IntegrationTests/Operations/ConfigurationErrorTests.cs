using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>A typo in the configuration stops <c>serve</c> at once with exit code 2 and says where it is and what was meant.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public async Task Unknown_key_stops_serve_with_exit_code_2_naming_key_file_and_suggestion()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-config-").FullName;
        try
        {
            var config = Path.Combine(directory, "typo.conf");
            await File.WriteAllTextAsync(config, "airwave {\n  htp.port = 1\n}\n");
            var environment = new Dictionary<string, string>
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };

            var result = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "serve", "--config", config], TimeSpan.FromSeconds(60), directory, environment);

            Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Output}");
            Assert.Contains("airwave.htp ", result.Output, StringComparison.Ordinal);
            Assert.Contains(config, result.Output, StringComparison.Ordinal);
            Assert.Contains("did you mean airwave.http?", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
