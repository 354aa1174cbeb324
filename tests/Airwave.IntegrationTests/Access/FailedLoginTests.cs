using System.Net;
using System.Net.Http.Headers;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Access;

/// <summary>A node that slows failed logins after two and locks the client out after four.</summary>
public sealed class FailedLoginNode() : NodeFixture(new NodeOptions { Config = Config })
{
    private const string Config = """
        airwave {
          login-failures { slow-after = 2, lock-after = 4, window = 1m, lockout = 30s, max-delay = 1s }
          admin.password = "icecast-admin-pw"
          channels {
            guarded { password = "right" }
          }
        }
        """;
}

public sealed class FailedLoginTests(FailedLoginNode fixture) : IClassFixture<FailedLoginNode>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Wrong_source_passwords_are_slowed_then_locked_out_with_429_and_logged_once_not_per_try()
    {
        var mark = node.Log.Text.Length;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(401, (await PutAsync("wrong")).Status);
        }

        var locked = await PutAsync("right");

        Assert.Equal(429, locked.Status);
        Assert.Contains("Retry-After: ", locked.Head, StringComparison.Ordinal);
        Assert.Contains("Too many failed logins", locked.Body, StringComparison.Ordinal);
        var logged = node.Log.Text[mark..].Split('\n').Where(line => line.Contains("refused on /guarded: wrong password", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains("(4 in a row: locked out for 00:00:30)", logged[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_admin_tokens_lock_out_their_address_only()
    {
        var token = await File.ReadAllTextAsync(Path.Combine(node.DataDirectory, "admin.token"));
        using var guesser = new HttpClient(LoopbackAddress.BoundTo(IPAddress.Parse("127.0.0.3"))) { Timeout = AnswerTimeout };
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(guesser, "not-the-token"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(guesser, token.Trim()));
        using var operator_ = new HttpClient { Timeout = AnswerTimeout };
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(operator_, token.Trim()));
    }

    [Fact]
    public async Task Wrong_icecast_admin_passwords_lock_out_their_address_only()
    {
        using var guesser = new HttpClient(LoopbackAddress.BoundTo(IPAddress.Parse("127.0.0.4"))) { Timeout = AnswerTimeout };
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await IcecastAdminStatusAsync(guesser, "wrong"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await IcecastAdminStatusAsync(guesser, "icecast-admin-pw"));
        using var station = new HttpClient { Timeout = AnswerTimeout };
        Assert.Equal(HttpStatusCode.OK, await IcecastAdminStatusAsync(station, "icecast-admin-pw"));
    }

    private async Task<HttpStatusCode> IcecastAdminStatusAsync(HttpClient http, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, node.Http("/admin/listmounts"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("admin:" + password)));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<IcecastResponse> PutAsync(string password)
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendPutHeadAsync("/guarded", password, "audio/mpeg");
        return await source.ReadResponseAsync(AnswerTimeout);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{node.AdminPort}/api/node"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
