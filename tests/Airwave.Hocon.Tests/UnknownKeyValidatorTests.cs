using Airwave.Hocon.Configuration;
using Airwave.Hocon.Validation;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Tests;

public sealed class UnknownKeyValidatorTests : IDisposable
{
    private const string Reference = """
        airwave {
          data-dir = "data"
          http { port = 8000, bind = "0.0.0.0" }
          cluster { roles = [master, slave], database = null }
          channel-defaults {
            password = ""
            max-listeners = 10000
            upstreams = []
            "upstreams[*]" { url = "", type = auto }
          }
          channels { "*" = ${airwave.channel-defaults} }
          outputs = [{ kind = hls, segment = 10s }]
        }
        """;

    private readonly TemporaryDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private IReadOnlyList<UnknownConfigurationKey> Validate(string site, Dictionary<string, string>? environment = null)
    {
        var reference = dir.Write("reference.conf", Reference);
        var sitePath = dir.Write("site.conf", site);
        var config = new ConfigurationBuilder()
            .AddHoconFile(reference, options: TestHocon.Options())
            .AddHoconFile(sitePath, options: TestHocon.Options())
            .AddAirwaveEnvironment(variables: environment ?? [])
            .Build();
        return UnknownKeyValidator.Validate(HoconLoader.LoadFile(reference, TestHocon.Options()), config);
    }

    [Fact]
    public void Declared_keys_and_the_reference_itself_produce_no_findings()
    {
        Assert.Empty(Validate("airwave { data-dir = x, http.port = 1, cluster.roles = [master] }"));
    }

    [Fact]
    public void Unknown_key_is_reported_with_file_line_and_suggestion()
    {
        var finding = Assert.Single(Validate("airwave {\n  http {\n    prot = 8000\n  }\n}"));
        Assert.Equal("airwave.http.prot", finding.Key);
        Assert.EndsWith("site.conf:3:12", finding.Origin, StringComparison.Ordinal);
        Assert.Equal("airwave.http.port", finding.Suggestion);
        Assert.Contains("did you mean \"airwave.http.port\"", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_section_is_reported_once_at_its_topmost_key()
    {
        var finding = Assert.Single(Validate("airwave.chanels { live { password = x, max-listeners = 5 } }"));
        Assert.Equal("airwave.chanels", finding.Key);
        Assert.Equal("airwave.channels", finding.Suggestion);
    }

    [Fact]
    public void Key_far_from_every_declared_key_has_no_suggestion()
    {
        var finding = Assert.Single(Validate("airwave.zzzzzzzz = 1"));
        Assert.Null(finding.Suggestion);
    }

    [Fact]
    public void User_named_channels_are_checked_against_the_wildcard_template()
    {
        var findings = Validate("airwave.channels { live { password = x }, demo { pasword = y } }");
        var finding = Assert.Single(findings);
        Assert.Equal("airwave.channels.demo.pasword", finding.Key);
        Assert.Equal("airwave.channels.demo.password", finding.Suggestion);
    }

    [Fact]
    public void Array_elements_are_checked_against_the_element_template()
    {
        var findings = Validate("airwave.channels.x.upstreams = [{ url = \"http://a\" }, { uri = \"http://b\" }]");
        var finding = Assert.Single(findings);
        Assert.Equal("airwave.channels.x.upstreams.1.uri", finding.Key);
        Assert.Equal("airwave.channels.x.upstreams.1.url", finding.Suggestion);
    }

    [Fact]
    public void Array_elements_without_a_template_are_checked_against_the_reference_elements()
    {
        var finding = Assert.Single(Validate("airwave.outputs = [{ kind = mp3, bitrate = 128 }]"));
        Assert.Equal("airwave.outputs.0.bitrate", finding.Key);
    }

    [Fact]
    public void Children_under_a_scalar_setting_are_unknown()
    {
        Assert.Equal("airwave.http.port.x", Assert.Single(Validate("airwave.http.port.x = 1")).Key);
    }

    [Fact]
    public void Unknown_key_from_the_environment_names_the_variable()
    {
        var finding = Assert.Single(Validate("airwave.http.port = 1", new() { ["AIRWAVE__HTTP__PROT"] = "2" }));
        Assert.Equal("airwave.http.prot", finding.Key);
        Assert.Equal("env AIRWAVE__HTTP__PROT", finding.Origin);
        Assert.Equal("airwave.http.port", finding.Suggestion);
    }

    [Fact]
    public void Environment_keys_for_wildcard_entries_and_array_indices_are_known()
    {
        Assert.Empty(Validate("", new()
        {
            ["AIRWAVE__CHANNELS__NEWS__PASSWORD"] = "x",
            ["AIRWAVE__CHANNELS__NEWS__UPSTREAMS__0__URL"] = "http://u",
            ["AIRWAVE__DATA_DIR"] = "/d",
        }));
    }

    [Fact]
    public void Keys_outside_the_section_are_not_checked()
    {
        Assert.Empty(Validate("logging.level = debug"));
    }
}
