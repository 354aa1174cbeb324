using System.Text;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class BasicCredentialsTests
{
    [Fact]
    public void Parses_user_and_password()
    {
        var credentials = BasicCredentials.Parse("Basic " + Base64("source:hack:me"));

        Assert.Equal(new BasicCredentials("source", "hack:me"), credentials);
    }

    [Theory]
    [InlineData("basic ")]
    [InlineData("BASIC ")]
    public void The_scheme_is_case_insensitive(string scheme) =>
        Assert.Equal("pw", BasicCredentials.Parse(scheme + Base64("u:pw"))!.Password);

    [Fact]
    public void Parses_utf8_passwords() =>
        Assert.Equal("pässwörd", BasicCredentials.Parse("Basic " + Base64("source:pässwörd"))!.Password);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic c291cmNl")]
    public void Rejects_absent_or_invalid_headers(string? header) => Assert.Null(BasicCredentials.Parse(header));

    [Fact]
    public void Rejects_credentials_too_long_to_decode() =>
        Assert.Null(BasicCredentials.Parse("Basic " + Base64("source:" + new string('x', 2000))));

    [Fact]
    public void Password_matches_only_the_exact_expected_password()
    {
        var credentials = new BasicCredentials("source", "hackme");

        Assert.True(credentials.PasswordMatches("hackme"));
        Assert.False(credentials.PasswordMatches("hackm"));
        Assert.False(credentials.PasswordMatches("hackme "));
        Assert.False(credentials.PasswordMatches("HACKME"));
    }

    [Fact]
    public void An_empty_expected_password_never_matches()
    {
        Assert.False(new BasicCredentials("source", "").PasswordMatches(""));
        Assert.False(BasicCredentials.SecretsEqual("", ""));
        Assert.False(BasicCredentials.SecretsEqual("anything", ""));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
