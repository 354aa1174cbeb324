using Airwave.Hocon.Configuration;
using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Tests;

public sealed class ConfigurationProviderTests : IDisposable
{
    private readonly TemporaryDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private IConfigurationRoot Build(string conf, Dictionary<string, string>? environment = null)
    {
        var path = dir.Write("standalone.conf", conf);
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
        var reference = dir.Write("reference.conf", "airwave.cluster { roles = [master, slave], schema = public }");
        var path = dir.Write("node.conf", "airwave.cluster.roles = [slave]");
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
        var config = new ConfigurationBuilder().AddHoconFile(System.IO.Path.Combine(dir.Path, "absent.conf"), optional: true).Build();
        Assert.Empty(config.AsEnumerable());
    }

    [Fact]
    public void Missing_required_file_throws()
    {
        var builder = new ConfigurationBuilder().AddHoconFile(System.IO.Path.Combine(dir.Path, "absent.conf"));
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
        var path = dir.Write("site.conf", "airwave.http.port = 8000");
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
        var config = Build("airwave.actors.ask-timeout = 5s\nairwave.burst-size = 64KiB\nairwave.short = 250ms");
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("airwave.actors.ask-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetDuration("airwave:short"));
        Assert.Equal(65_536, config.GetBytes("airwave.burst-size"));
        Assert.Equal(TimeSpan.FromMinutes(1), config.GetDuration("airwave.absent", TimeSpan.FromMinutes(1)));
        Assert.Equal(42, config.GetBytes("airwave.absent", 42));
    }

    [Fact]
    public void Bad_duration_in_configuration_names_key_value_and_origin()
    {
        var config = Build("airwave.actors.ask-timeout = 5 parsecs");
        var error = Assert.Throws<ConfigurationValueException>(() => config.GetDuration("airwave.actors.ask-timeout"));
        Assert.Contains("standalone.conf:1:30: airwave.actors.ask-timeout: \"5 parsecs\" is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_size_from_the_environment_names_the_variable()
    {
        var config = Build("airwave.burst-size = 64KiB", new() { ["AIRWAVE__BURST_SIZE"] = "lots" });
        var error = Assert.Throws<ConfigurationValueException>(() => config.GetBytes("airwave.burst-size"));
        Assert.Contains("env AIRWAVE__BURST_SIZE", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"lots\" is not a size in bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_duration_read_through_a_section_names_the_full_key_and_after_locate_the_file_line_and_column()
    {
        var config = Build("airwave {\n  channels {\n    live { rewind = banana }\n  }\n}");
        var section = config.GetSection("airwave:channels:live");

        var error = Assert.Throws<ConfigurationValueException>(() => section.GetDuration("rewind", TimeSpan.FromHours(4)));

        Assert.Equal("airwave.channels.live.rewind", error.Key);
        Assert.StartsWith("airwave.channels.live.rewind: \"banana\" is not a duration", error.Message, StringComparison.Ordinal);
        var located = error.Locate(config);
        Assert.StartsWith(Path.Combine(dir.Path, "standalone.conf") + ":3:21: airwave.channels.live.rewind: \"banana\" is not a duration", located.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bare_number_for_a_duration_is_refused_with_the_key_and_a_suggestion()
    {
        var config = Build("airwave.channels.live.source-timeout = 10");

        var error = Assert.Throws<ConfigurationValueException>(() => config.GetSection("airwave:channels:live").GetDuration("source-timeout", TimeSpan.FromSeconds(10)));

        Assert.Contains("airwave.channels.live.source-timeout: \"10\" is not a duration: a duration needs a unit: write 10s or 10ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_below_the_minimum_is_refused_naming_key_origin_and_minimum()
    {
        var config = Build("airwave.channels.live.source-timeout = 40ms");

        var error = Assert.Throws<ConfigurationValueException>(() => config.GetDuration("airwave.channels.live.source-timeout", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));

        Assert.Contains("standalone.conf:1:40: airwave.channels.live.source-timeout: \"40ms\" is shorter than the minimum 1s", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), Build("airwave.t = 1s").GetDuration("airwave.t", TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Duration_above_the_maximum_is_refused_naming_key_origin_maximum_and_why()
    {
        var config = Build("airwave.monitoring.timeout = 2m");

        var error = Assert.Throws<ConfigurationValueException>(() =>
            config.GetDuration("airwave.monitoring.timeout", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(1), "a check would hang that long"));

        Assert.Contains("standalone.conf:1:30: airwave.monitoring.timeout: \"2m\" is longer than the maximum 1m: a check would hang that long", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(1), Build("airwave.t = 1m").GetDuration("airwave.t", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Value_set_by_an_environment_variable_is_located_at_the_variable()
    {
        var config = Build("airwave.channels.live.rewind = 4h", new() { ["AIRWAVE__CHANNELS__LIVE__REWIND"] = "4" });

        var error = Assert.Throws<ConfigurationValueException>(() => config.GetSection("airwave:channels:live").GetDuration("rewind", TimeSpan.FromHours(4)));

        Assert.StartsWith("env AIRWAVE__CHANNELS__LIVE__REWIND: airwave.channels.live.rewind:", error.Locate(config).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_duration_names_the_key()
    {
        var config = Build("airwave.a = 1");
        var error = Assert.Throws<KeyNotFoundException>(() => config.GetDuration("airwave.timeout"));
        Assert.Contains("airwave.timeout", error.Message, StringComparison.Ordinal);
    }
}
