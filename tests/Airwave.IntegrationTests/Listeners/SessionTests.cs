using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>Every raw listener has a session id; presenting it again (<c>?sid=</c> or the cookie) resumes the session, an unknown one starts live.</summary>
public sealed class SessionTests(SessionNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<SessionNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task A_new_listener_gets_its_id_in_a_header_and_a_cookie_and_no_location_header()
    {
        await node.WaitForSourceAudioAsync("demo", 1);

        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/demo/live/-0");

        var id = listener.Headers["X-Airwave-Session"];
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"airwave-sid={id}; Path=/; HttpOnly; SameSite=Lax", listener.Headers["Set-Cookie"]);
        AssertNoLocationHeader(listener);
        Assert.False(listener.Headers.ContainsKey("X-Airwave-Resumed"));
    }

    [Fact]
    public async Task The_http_server_path_answers_with_the_same_session_head()
    {
        await node.WaitForSourceAudioAsync("demo", 1);

        // A chunked (empty) body makes the connection-level path pass the request on to Kestrel.
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/demo?sid=through-kestrel", "HTTP/1.1", "Transfer-Encoding: chunked\r\n\r\n0");

        Assert.Equal(200, listener.Status);
        Assert.Equal("chunked", listener.Headers["Transfer-Encoding"]);
        Assert.Equal("through-kestrel", listener.Headers["X-Airwave-Session"]);
        Assert.Equal("airwave-sid=through-kestrel; Path=/; HttpOnly; SameSite=Lax", listener.Headers["Set-Cookie"]);
        AssertNoLocationHeader(listener);
    }

    [Fact]
    public async Task An_unknown_id_starts_live_with_that_id()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        var id = "never-seen-" + Guid.NewGuid().ToString("N");

        using var listener = await RawListenerClient.GetAsync(node.HttpPort, $"/demo?sid={id}");

        Assert.Equal(200, listener.Status);
        Assert.Equal(id, listener.Headers["X-Airwave-Session"]);
        Assert.Equal($"airwave-sid={id}; Path=/; HttpOnly; SameSite=Lax", listener.Headers["Set-Cookie"]);
        Assert.False(listener.Headers.ContainsKey("X-Airwave-Resumed"));
        Assert.False(listener.Headers.ContainsKey("X-Airwave-Playback-Start"), "an unknown session was not started live");
    }

    [Fact]
    public async Task An_invalid_id_is_replaced_by_a_new_one()
    {
        await node.WaitForSourceAudioAsync("demo", 1);

        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/demo?sid=not%20valid%21");

        Assert.Matches("^[0-9a-f]{32}$", listener.Headers["X-Airwave-Session"]);
    }

    [Fact]
    public async Task Reconnecting_with_sid_resumes_after_the_playhead_and_the_session_list_says_so()
    {
        var (id, playhead) = await ListenAndLeaveAsync();

        using var resumed = await RawListenerClient.GetAsync(node.HttpPort, $"/demo?sid={id}");

        var at = AssertResumed(resumed, id, playhead);
        var listed = await Poll.UntilAsync(
            () => node.GetAdminJsonAsync("api/sessions"), s => s.EnumerateArray().Any(c => c.GetProperty("id").GetString() == id), Generous, "the resumed session listed");
        var session = listed.EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal("demo", session.GetProperty("channel").GetString());
        Assert.True(session.GetProperty("resumed").GetBoolean());
        Assert.Equal(at, session.GetProperty("resumedAtSeq").GetInt64());
        Assert.True(session.GetProperty("recorded").GetBoolean());
        Assert.True((await node.GetAdminJsonAsync("api/node")).GetProperty("resumedSessions").GetInt64() >= 1);

        var table = await node.CliAsync("sessions", "list");
        Assert.True(table.ExitCode == 0, table.Output);
        Assert.Contains(id, table.Output, StringComparison.Ordinal);
        Assert.Contains("at " + at.ToString(CultureInfo.InvariantCulture), table.Output, StringComparison.Ordinal);
        var json = await node.CliAsync("--json", "sessions", "list");
        Assert.True(json.ExitCode == 0, json.Output);
        using var document = JsonDocument.Parse(json.Output[json.Output.IndexOf('[', StringComparison.Ordinal)..]);
        Assert.Contains(document.RootElement.EnumerateArray(), s => s.GetProperty("id").GetString() == id && s.GetProperty("resumed").GetBoolean());
    }

    [Fact]
    public async Task Reconnecting_with_the_cookie_resumes_as_with_sid()
    {
        var (id, playhead) = await ListenAndLeaveAsync();

        using var resumed = await RawListenerClient.GetAsync(node.HttpPort, "/demo", "HTTP/1.0", $"Cookie: theme=dark; airwave-sid={id}");

        AssertResumed(resumed, id, playhead);
    }

    /// <summary>streamripper takes any header containing <c>Location:</c> (Content-Location included) for a redirect and gives up.</summary>
    private static void AssertNoLocationHeader(RawListenerClient listener) =>
        Assert.DoesNotContain(listener.Headers.Keys, name => name.EndsWith("Location", StringComparison.OrdinalIgnoreCase));

    private static long AssertResumed(RawListenerClient resumed, string id, long playhead)
    {
        Assert.Equal(200, resumed.Status);
        Assert.Equal(id, resumed.Headers["X-Airwave-Session"]);
        Assert.True(resumed.Headers.TryGetValue("X-Airwave-Resumed", out var at), "the session did not resume");
        var seq = long.Parse(at, CultureInfo.InvariantCulture);
        Assert.True(seq > playhead, $"resumed at chunk {seq}, not after the playhead {playhead}");
        Assert.True(resumed.Headers.ContainsKey("X-Airwave-Playback-Start"), "a resumed session is paced like a time-shifted listener");
        return seq;
    }

    /// <summary>Listens a little, hangs up, and waits until the node let the connection go; returns its session id and the playhead listed before it left.</summary>
    private async Task<(string Id, long Playhead)> ListenAndLeaveAsync()
    {
        await node.WaitForSourceAudioAsync("demo", 2);
        string id;
        long playhead;
        using (var listener = await RawListenerClient.GetAsync(node.HttpPort, "/demo"))
        {
            id = listener.Headers["X-Airwave-Session"];
            await listener.WaitForBytesAsync(80 * 1024, Generous);
            var listed = await Poll.UntilAsync(() => node.GetAdminJsonAsync("api/sessions"), s => Session(s, id) is { } c && c.GetProperty("playheadSeq").ValueKind == JsonValueKind.Number, Generous, "the session's playhead listed");
            playhead = Session(listed, id)!.Value.GetProperty("playheadSeq").GetInt64();
        }

        await Poll.UntilAsync(() => node.GetAdminJsonAsync("api/sessions"), s => Session(s, id) is null, Generous, "the node noticing the listener left");
        return (id, playhead);
    }

    private static JsonElement? Session(JsonElement sessions, string id) =>
        sessions.EnumerateArray().Where(c => c.GetProperty("id").GetString() == id).Select(c => (JsonElement?)c).FirstOrDefault();
}
