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

    [Fact]
    public async Task Bad_duration_stops_serve_with_exit_code_2_in_one_line_naming_full_key_file_line_and_column()
    {
        var result = await ServeWithConfigAsync("airwave {\n  channels {\n    live { rewind = banana }\n  }\n}\n");

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var line = Assert.Single(result.Exit.Lines());
        Assert.StartsWith($"airwave: configuration error: {result.Config}:3:21: airwave.channels.live.rewind: \"banana\" is not a duration", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_node_given_a_split_brain_strategy_its_downing_provider_does_not_take_stops_serve_naming_the_fix()
    {
        var result = await ServeWithConfigAsync(
            "airwave {\n  cluster { database = \"Host=db.invalid\", secret = \"0123456789abcdef\" }\n}\nakka.cluster.split-brain-resolver.active-strategy = keep-majority\n");

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var line = Assert.Single(result.Exit.Lines());
        Assert.Contains($"{result.Config}:4:", line, StringComparison.Ordinal);
        Assert.Contains("akka.cluster.split-brain-resolver.active-strategy: is keep-majority", line, StringComparison.Ordinal);
        Assert.Contains("Akka.Cluster.SBR.SplitBrainResolverProvider", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_node_with_a_journal_of_its_own_stops_serve_naming_the_key_and_the_fix()
    {
        var result = await ServeWithConfigAsync(
            "airwave {\n  cluster { database = \"Host=db.invalid\", secret = \"0123456789abcdef\" }\n  persistence.provider = sqlite\n}\n");

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var line = Assert.Single(result.Exit.Lines());
        Assert.Contains($"{result.Config}:3:", line, StringComparison.Ordinal);
        Assert.Contains("airwave.persistence.provider", line, StringComparison.Ordinal);
        Assert.Contains("cannot be sqlite on a cluster node", line, StringComparison.Ordinal);
        Assert.Contains("airwave.cluster.database", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bare_number_for_a_duration_stops_serve_suggesting_a_unit()
    {
        var result = await ServeWithConfigAsync("airwave.channels.live.source-timeout = 10\n");

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var line = Assert.Single(result.Exit.Lines());
        Assert.Contains($"{result.Config}:1:40: airwave.channels.live.source-timeout: \"10\" is not a duration: a duration needs a unit: write 10s or 10ms", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duration_below_its_minimum_set_in_the_environment_stops_serve_naming_the_variable()
    {
        var result = await ServeWithConfigAsync("airwave.channels.live.password = pw\n", new() { ["AIRWAVE__CHANNEL_DEFAULTS__SOURCE_TIMEOUT"] = "40ms" });

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var line = Assert.Single(result.Exit.Lines());
        Assert.Contains("env AIRWAVE__CHANNEL_DEFAULTS__SOURCE_TIMEOUT: airwave.channel-defaults.source-timeout: \"40ms\" is shorter than the minimum 1s", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alerts.disk-percent = 120", 2, "airwave.alerts.disk-percent: must be a whole number from 1 to 100, not \"120\"")]
    [InlineData("alerts.webhook-url = \"ftp://hooks.example\"", 2, "airwave.alerts.webhook-url: \"ftp://hooks.example\" is not an http or https URL")]
    [InlineData("alerts.smtp { host = mail.example, from = \"airwave@example.com\" }", 2, "airwave.alerts.smtp.host: is set, so smtp.to must name at least one address")]
    [InlineData("channels.live.alerts.sourceless-after = soon", 2, "airwave.channels.live.alerts.sourceless-after: \"soon\" is not a duration")]
    [InlineData("channel-defaults.alerts.relay-lag-after = 100ms", 2, "airwave.channel-defaults.alerts.relay-lag-after: \"100ms\" is shorter than the minimum 1s")]
    [InlineData("admin.read-only-tokens = [\"short\"]", 2, "airwave.admin.read-only-tokens.0: is a token of 5 characters; each needs at least 16")]
    [InlineData("channels.live.allow = [\"10.0.0.0/8\", \"office\"]", 2, "airwave.channels.live.allow.1: \"office\" is not an address or a network in CIDR notation")]
    [InlineData("channels-from = \"/etc/airwave/channels.json\"", 2, "airwave.channels-from: \"/etc/airwave/channels.json\" is neither file:/path/to/channels.json nor an http(s):// URL")]
    [InlineData("metrics { listener-port = sometimes }", 2, "airwave.metrics.listener-port: must be on or off, not \"sometimes\"")]
    [InlineData("analytics.flush-interval = 10ms", 2, "airwave.analytics.flush-interval: \"10ms\" is shorter than the minimum 100ms")]
    [InlineData("analytics.enabled = maybe", 2, "airwave.analytics.enabled: must be on or off, not \"maybe\"")]
    [InlineData("analytics.elasticsearch.url = \"es.example:9200\"", 2, "airwave.analytics.elasticsearch.url: \"es.example:9200\" is not an http:// or https:// URL")]
    [InlineData("analytics.elasticsearch { url = \"http://127.0.0.1:9200\", index = Listens }", 2, "airwave.analytics.elasticsearch.index: \"Listens\" is not an Elasticsearch index name")]
    [InlineData("monitoring.status-url = \"ftp://monitor.example\"", 2, "airwave.monitoring.status-url: \"ftp://monitor.example\" is not an http or https URL")]
    [InlineData("monitoring.metadata-interval = 500ms", 2, "airwave.monitoring.metadata-interval: \"500ms\" is shorter than the minimum 1s")]
    [InlineData("monitoring.timeout = 10", 2, "airwave.monitoring.timeout: \"10\" is not a duration")]
    [InlineData("monitoring.restore-from = \"/var/backups/metadata.json\"", 2, "airwave.monitoring.restore-from: \"/var/backups/metadata.json\" is neither file:/path/to/metadata.json nor an http(s):// URL")]
    [InlineData("persistence { provider = postgresql, connection-string = \"Host=db.example;Maximum_Pool_Size=50;Password=secret\" }", 2, "airwave.persistence.connection-string: is not a PostgreSQL connection string: \"maximum_pool_size\" is not one of its keywords")]
    [InlineData("cluster { database = \"Host=db.example;Port=fifty\", roles = [master], secret = \"0123456789abcdef\" }", 2, "airwave.cluster.database: is not a PostgreSQL connection string: the value of \"port\" is not one it takes")]
    [InlineData("persistence { provider = postgresql, connection-string = \"db.example\" }", 2, "airwave.persistence.connection-string: is not a PostgreSQL connection string: it is not keyword=value pairs")]
    public async Task A_bad_setting_stops_serve_naming_the_key_file_and_line(string setting, int line, string problem)
    {
        var result = await ServeWithConfigAsync($"airwave {{\n  {setting}\n  channels.live.password = pw\n}}\n");

        Assert.True(result.Exit.ExitCode == 2, $"exit {result.Exit.ExitCode}: {result.Exit.Output}");
        var printed = Assert.Single(result.Exit.Lines());
        Assert.StartsWith($"airwave: configuration error: {result.Config}:{line}:", printed, StringComparison.Ordinal);
        Assert.Contains(problem, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", printed, StringComparison.Ordinal);
    }

    private static async Task<(ProcessResult Exit, string Config)> ServeWithConfigAsync(string text, Dictionary<string, string>? extra = null)
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-config-").FullName;
        try
        {
            var config = Path.Combine(directory, "node.conf");
            await File.WriteAllTextAsync(config, text);
            var environment = new Dictionary<string, string>(extra ?? [])
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var exit = await ServeOnce.RunAsync(directory, environment, config);
            Assert.False(Directory.Exists(Path.Combine(directory, "data")), "a refused configuration created the data directory");
            return (exit, config);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
