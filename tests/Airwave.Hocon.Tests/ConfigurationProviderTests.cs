using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Tests;

public sealed class ConfigurationProviderTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IConfigurationRoot Build(string conf, Dictionary<string, string>? environment = null)
    {
        var path = _dir.Write("standalone.conf", conf);
        return new ConfigurationBuilder()
            .AddHoconFile(path, options: TestHocon.Options())
            .AddAirwaveEnvironment(variables: environment ?? [])
            .Build();
    }

    [Fact]
    public void Hocon_file_flattens_to_colon_keys_keeping_dashes()
    {
        var config = Build("airwave { data-dir = data, http.port = 8000 }");
        Assert.Equal("data", config["airwave:data-dir"]);
        Assert.Equal("8000", config["airwave:http:port"]);
    }

    [Fact]
    public void Arrays_flatten_to_indices()
    {
        var config = Build("airwave.channels.x.upstreams = [{ url = \"http://a\" }, { url = \"http://b\" }]\nairwave.roles = [master, slave]");
        Assert.Equal("http://b", config["airwave:channels:x:upstreams:1:url"]);
        Assert.Equal(["master", "slave"], config.GetSection("airwave:roles").GetChildren().Select(c => c.Value));
    }

    [Fact]
    public void A_file_over_its_fallback_replaces_whole_arrays_and_keeps_the_other_defaults()
    {
        var reference = _dir.Write("reference.conf", "airwave.cluster { roles = [master, slave], schema = public }");
        var path = _dir.Write("node.conf", "airwave.cluster.roles = [slave]");
        var config = new ConfigurationBuilder().AddHoconFileWithFallback(path, reference, TestHocon.Options()).Build();
        Assert.Equal(["slave"], config.GetSection("airwave:cluster:roles").GetChildren().Select(c => c.Value));
        Assert.Equal("public", config["airwave:cluster:schema"]);
    }

    [Fact]
    public void Empty_objects_still_appear_as_children()
    {
        var config = Build("airwave.channels { demo {}, live { password = x } }");
        Assert.Equal(["demo", "live"], config.GetSection("airwave:channels").GetChildren().Select(c => c.Key));
    }

    [Fact]
    public void Wildcard_templates_are_left_out_of_the_configuration()
    {
        var config = Build("airwave.channels { \"*\" { password = \"\" }, \"ups[*]\" { url = \"\" }, live { password = x } }");
        Assert.Equal(["live"], config.GetSection("airwave:channels").GetChildren().Select(c => c.Key));
    }

    [Fact]
    public void Null_values_become_null_configuration_values()
    {
        var config = Build("airwave.cluster.database = null");
        Assert.Null(config["airwave:cluster:database"]);
    }

    [Fact]
    public void Missing_optional_file_adds_nothing()
    {
        var config = new ConfigurationBuilder().AddHoconFile(System.IO.Path.Combine(_dir.Path, "absent.conf"), optional: true).Build();
        Assert.Empty(config.AsEnumerable());
    }

    [Fact]
    public void Missing_required_file_throws()
    {
        var builder = new ConfigurationBuilder().AddHoconFile(System.IO.Path.Combine(_dir.Path, "absent.conf"));
        Assert.Throws<HoconException>(builder.Build);
    }

    [Fact]
    public void Environment_variable_overrides_a_nested_key()
    {
        var config = Build("airwave.channels.live.password = hackme", new() { ["AIRWAVE__CHANNELS__LIVE__PASSWORD"] = "s3cret" });
        Assert.Equal("s3cret", config["airwave:channels:live:password"]);
    }

    [Fact]
    public void Underscore_in_a_variable_matches_a_dash_in_the_file_key()
    {
        var config = Build("airwave.data-dir = data", new() { ["AIRWAVE__DATA_DIR"] = "/x" });
        Assert.Equal("/x", config["airwave:data-dir"]);
        Assert.Equal(["data-dir"], config.GetSection("airwave").GetChildren().Select(c => c.Key));
    }

    [Fact]
    public void Variable_for_a_key_in_no_file_maps_underscores_to_dashes()
    {
        var config = Build("airwave.http.port = 8000", new() { ["AIRWAVE__CLUSTER__ADVERTISE_ADDRESS"] = "10.0.0.1" });
        Assert.Equal("10.0.0.1", config["airwave:cluster:advertise-address"]);
        Assert.Contains(config.AsEnumerable(), pair => pair.Key == "airwave:cluster:advertise-address");
    }

    [Fact]
    public void Variables_match_file_keys_case_insensitively_keeping_the_file_spelling()
    {
        var config = Build("airwave.channels.MyShow.max-listeners = 10", new() { ["AIRWAVE__CHANNELS__MYSHOW__MAX_LISTENERS"] = "20" });
        Assert.Equal(["MyShow"], config.GetSection("airwave:channels").GetChildren().Select(c => c.Key));
        Assert.Equal("20", config.GetSection("airwave:channels:MyShow")["max-listeners"]);
    }

    [Fact]
    public void Variables_set_array_elements_by_index()
    {
        var config = Build(
            "airwave.channels.x.upstreams = [{ url = \"http://a\", type = auto }]",
            new() { ["AIRWAVE__CHANNELS__X__UPSTREAMS__0__URL"] = "http://override", ["AIRWAVE__CHANNELS__X__UPSTREAMS__1__URL"] = "http://second" });
        var upstreams = config.GetSection("airwave:channels:x:upstreams").GetChildren().ToList();
        Assert.Equal(["0", "1"], upstreams.Select(u => u.Key));
        Assert.Equal("http://override", upstreams[0]["url"]);
        Assert.Equal("auto", upstreams[0]["type"]);
        Assert.Equal("http://second", upstreams[1]["url"]);
    }

    [Fact]
    public void Variables_without_the_prefix_are_ignored()
    {
        var config = Build("airwave.a = 1", new() { ["OTHER__A"] = "2", ["AIRWAVEX"] = "3" });
        Assert.Equal(["airwave:a"], config.AsEnumerable().Where(p => p.Value is not null).Select(p => p.Key));
    }

    [Fact]
    public void Environment_added_before_a_file_loses_to_it()
    {
        var path = _dir.Write("site.conf", "airwave.http.port = 8000");
        var config = new ConfigurationBuilder()
            .AddAirwaveEnvironment(variables: new Dictionary<string, string> { ["AIRWAVE__HTTP__PORT"] = "1" })
            .AddHoconFile(path)
            .Build();
        Assert.Equal("8000", config["airwave:http:port"]);
    }

    [Fact]
    public void Origins_name_file_line_column_or_environment_variable()
    {
        var config = Build("airwave {\n  http.port = 8000\n  data-dir = data\n}", new() { ["AIRWAVE__DATA_DIR"] = "/x" });
        var entries = EffectiveConfiguration.Describe(config);
        var port = Assert.Single(entries, e => e.Key == "airwave:http:port");
        Assert.EndsWith("standalone.conf:2:15", port.Origin, StringComparison.Ordinal);
        var dataDir = Assert.Single(entries, e => e.Key == "airwave:data-dir");
        Assert.Equal("env AIRWAVE__DATA_DIR", dataDir.Origin);
        Assert.Equal("/x", dataDir.Value);
    }

    [Fact]
    public void Origin_of_a_provider_without_positions_is_its_name()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["a"] = "1" }).Build();
        var entry = Assert.Single(EffectiveConfiguration.Describe(config));
        Assert.Contains("MemoryConfigurationProvider", entry.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_and_sizes_read_from_configuration_by_dotted_or_colon_key()
    {
        var config = Build("airwave.actors.ask-timeout = 5s\nairwave.burst-size = 64KiB\nairwave.plain = 250");
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("airwave.actors.ask-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetDuration("airwave:plain"));
        Assert.Equal(65_536, config.GetBytes("airwave.burst-size"));
        Assert.Equal(TimeSpan.FromMinutes(1), config.GetDuration("airwave.absent", TimeSpan.FromMinutes(1)));
        Assert.Equal(42, config.GetBytes("airwave.absent", 42));
    }

    [Fact]
    public void Bad_duration_in_configuration_names_key_value_and_origin()
    {
        var config = Build("airwave.actors.ask-timeout = 5 parsecs");
        var error = Assert.Throws<FormatException>(() => config.GetDuration("airwave.actors.ask-timeout"));
        Assert.Contains("\"airwave.actors.ask-timeout\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"5 parsecs\" is not a duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("standalone.conf:1:30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_size_from_the_environment_names_the_variable()
    {
        var config = Build("airwave.burst-size = 64KiB", new() { ["AIRWAVE__BURST_SIZE"] = "lots" });
        var error = Assert.Throws<FormatException>(() => config.GetBytes("airwave.burst-size"));
        Assert.Contains("env AIRWAVE__BURST_SIZE", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"lots\" is not a size in bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_duration_names_the_key()
    {
        var config = Build("airwave.a = 1");
        var error = Assert.Throws<KeyNotFoundException>(() => config.GetDuration("airwave.timeout"));
        Assert.Contains("airwave.timeout", error.Message, StringComparison.Ordinal);
    }
}
