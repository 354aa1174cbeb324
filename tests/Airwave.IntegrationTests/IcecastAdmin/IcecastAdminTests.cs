using System.Globalization;
using System.Xml.Linq;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.IcecastAdmin;

/// <summary>
/// Icecast's admin API on the listener port, called the way AzuraCast (<c>listclients</c>, <c>stats</c>) and Icecast's own
/// admin pages call it, with element names and shapes as Icecast 2.4.4 answers.
/// </summary>
public sealed class IcecastAdminTests(IcecastAdminNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<IcecastAdminNode>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Listmounts_and_stats_describe_every_mount_with_a_source_in_icecasts_elements()
    {
        await node.WaitForSourceAudioAsync("a", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));

        var mounts = await admin.XmlAsync("/admin/listmounts");
        var a = Assert.Single(mounts.Root!.Elements("source"), s => (string?)s.Attribute("mount") == "/a");
        Assert.Equal("icestats", mounts.Root.Name.LocalName);
        Assert.Equal("audio/mpeg", (string?)a.Element("content-type"));
        Assert.Equal("audio/aac", (string?)mounts.Root.Elements("source").Single(s => (string?)s.Attribute("mount") == "/c").Element("content-type"));
        Assert.True(long.Parse((string)a.Element("Connected")!, CultureInfo.InvariantCulture) >= 0);
        Assert.NotNull(a.Element("listeners"));
        Assert.NotNull(a.Element("fallback"));
        Assert.DoesNotContain(mounts.Root.Elements("source"), s => (string?)s.Attribute("mount") == "/k");

        var stats = await admin.XmlAsync("/admin/stats");
        Assert.StartsWith("Airwave", (string?)stats.Root!.Element("server_id"));
        Assert.NotNull(stats.Root.Element("listeners"));
        var statsA = Assert.Single(stats.Root.Elements("source"), s => (string?)s.Attribute("mount") == "/a");
        foreach (var name in new[] { "listeners", "listener_peak", "listenurl", "server_type", "stream_start", "stream_start_iso8601", "total_bytes_read", "source_ip", "bitrate" })
        {
            Assert.True(statsA.Element(name) is not null, $"stats lacks {name}: {statsA}");
        }

        Assert.Equal("audio/mpeg", (string?)statsA.Element("server_type"));
        var one = await admin.XmlAsync("/admin/stats?mount=/a");
        Assert.Equal("/a", (string?)Assert.Single(one.Root!.Elements("source")).Attribute("mount"));

        using var anonymous = new IcecastAdminClient(node.Http("/"), "", "");
        var (status, type, body, response) = await anonymous.GetAsync("/admin/publicstats");
        response.Dispose();
        Assert.Equal(200, status);
        Assert.Equal("text/xml", type);
        var statsPublic = XDocument.Parse(body).Root!.Elements("source").Single(s => (string?)s.Attribute("mount") == "/a");
        Assert.NotNull(statsPublic.Element("listeners"));
        Assert.Null(statsPublic.Element("source_ip"));
        Assert.Null(statsPublic.Element("user_agent"));
    }

    [Theory]
    [InlineData("/admin/listmounts")]
    [InlineData("/admin/stats")]
    [InlineData("/admin/listclients?mount=/a")]
    [InlineData("/admin/killclient?mount=/a&id=1")]
    [InlineData("/admin/killsource?mount=/a")]
    [InlineData("/admin/moveclients?mount=/a&destination=/b")]
    public async Task A_wrong_admin_password_is_401_naming_icecasts_realm(string url)
    {
        using var wrong = new IcecastAdminClient(node.Http("/"), "admin", "wrong");

        var (status, _, _, response) = await wrong.GetAsync(url);
        using (response)
        {
            Assert.Equal(401, status);
            Assert.Equal("Basic realm=\"Icecast2 Server\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task An_unknown_mount_is_icecasts_400_source_does_not_exist()
    {
        using var admin = new IcecastAdminClient(node.Http("/"));

        var (status, type, body, response) = await admin.GetAsync("/admin/listclients?mount=/nowhere");
        response.Dispose();

        Assert.Equal(400, status);
        Assert.Equal("text/html", type);
        Assert.Contains("400 - Source does not exist", body);
    }

    [Fact]
    public async Task Listclients_lists_each_listener_with_its_address_user_agent_seconds_and_id_as_azuracast_reads_them()
    {
        await node.WaitForSourceAudioAsync("a", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        using var first = await RawListenerClient.GetAsync(node.HttpPort, "/a");
        using var second = await RawListenerClient.GetAsync(node.HttpPort, "/a");

        var source = await admin.ClientsAsync("/a");

        Assert.Equal("2", (string?)source.Element("Listeners"));
        var listeners = source.Elements("listener").ToList();
        Assert.Equal(2, listeners.Count);
        foreach (var listener in listeners)
        {
            Assert.Equal("127.0.0.1", (string?)listener.Element("IP"));
            Assert.Equal("airwave-tests", (string?)listener.Element("UserAgent"));
            Assert.True(int.Parse((string)listener.Element("Connected")!, CultureInfo.InvariantCulture) >= 0);
        }

        var ids = listeners.Select(l => long.Parse((string)l.Element("ID")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Killclient_ends_exactly_that_listeners_stream_and_the_other_keeps_playing()
    {
        await node.WaitForSourceAudioAsync("a", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        using var killed = await RawListenerClient.GetAsync(node.HttpPort, "/a");
        using var kept = await RawListenerClient.GetAsync(node.HttpPort, "/a");
        var ids = (await admin.ClientsAsync("/a")).Elements("listener").Select(l => (string)l.Element("ID")!).ToList();
        Assert.Equal(2, ids.Count);

        // Numbers grow in the order listeners arrive, so the first one listed is the first one connected.
        var answer = await admin.XmlAsync($"/admin/killclient?mount=/a&id={ids[0]}");

        Assert.Equal($"Client {ids[0]} removed", (string?)answer.Root!.Element("message"));
        Assert.Equal("1", (string?)answer.Root.Element("return"));
        await killed.WaitForEndAsync(Wait);
        var left = await admin.ClientsAsync("/a");
        Assert.Equal(ids[1], (string?)Assert.Single(left.Elements("listener")).Element("ID"));
        await kept.WaitForBytesAsync(kept.BodyLength + 16_000, Wait);
        Assert.False(kept.Ended, kept.EndedBy);

        var again = await admin.XmlAsync($"/admin/killclient?mount=/a&id={ids[0]}");
        Assert.Equal($"Client {ids[0]} not found", (string?)again.Root!.Element("message"));
        Assert.Equal("0", (string?)again.Root.Element("return"));
    }

    /// <remarks>
    /// A dropped listener's socket is watched for hang-ups until its session ends; disposing it before would leave the
    /// thread that ended the session spinning in the socket's close for good, one per drop.
    /// </remarks>
    [Fact]
    public async Task Killed_listeners_leave_no_thread_behind()
    {
        const int Count = 30;
        await node.WaitForSourceAudioAsync("a", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        var listeners = new List<RawListenerClient>();
        for (var i = 0; i < Count; i++)
        {
            listeners.Add(await RawListenerClient.GetAsync(node.HttpPort, "/a", "HTTP/1.0", "User-Agent: to-be-killed"));
        }

        var ids = await Poll.UntilAsync(
            async () => (await admin.ClientsAsync("/a")).Elements("listener").Where(l => (string?)l.Element("UserAgent") == "to-be-killed").Select(l => (string)l.Element("ID")!).ToList(),
            found => found.Count == Count,
            Wait,
            $"{Count} listeners on /a");
        var threadsBefore = Threads(node.Pid!.Value);

        foreach (var id in ids)
        {
            await admin.XmlAsync($"/admin/killclient?mount=/a&id={id}");
        }

        foreach (var listener in listeners)
        {
            await listener.WaitForEndAsync(Wait);
            listener.Dispose();
        }

        await Poll.UntilAsync(
            async () => (await admin.ClientsAsync("/a")).Elements("listener").Count(l => (string?)l.Element("UserAgent") == "to-be-killed"),
            left => left == 0,
            Wait,
            "the killed listeners gone from /a");
        var threadsAfter = Threads(node.Pid!.Value);
        Assert.True(threadsAfter < threadsBefore + (Count / 2), $"the node had {threadsBefore} threads with the listeners and {threadsAfter} after killing {Count}");
    }

    private static int Threads(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Killsource_ends_the_source_client_and_its_listener_carries_on_with_the_fallback()
    {
        await node.WaitForSourceAudioAsync("b", 1);
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-k@127.0.0.1:{node.HttpPort}/k", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("k", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/k");
        await listener.WaitForBytesAsync(1, Wait);

        var answer = await admin.XmlAsync("/admin/killsource?mount=/k");

        Assert.Equal("Source Removed", (string?)answer.Root!.Element("message"));
        Assert.Equal("1", (string?)answer.Root.Element("return"));
        Assert.NotNull(await source.WaitForExitAsync(Wait));
        await Poll.UntilAsync(
            async () => (await admin.XmlAsync("/admin/listmounts")).Root!.Elements("source").Any(s => (string?)s.Attribute("mount") == "/k"),
            listed => !listed,
            Wait,
            "/k to leave listmounts");
        var before = listener.BodyLength;
        await listener.WaitForBytesAsync(before + 8_000, Wait);
        Assert.False(listener.Ended, listener.EndedBy);

        var gone = await admin.GetAsync("/admin/killsource?mount=/k");
        gone.Response.Dispose();
        Assert.Equal(400, gone.Status);
        Assert.Contains("Source is not available", gone.Body);
    }

    [Fact]
    public async Task Moveclients_keeps_the_listeners_connection_and_continues_it_with_the_destinations_audio()
    {
        await node.WaitForSourceAudioAsync("m", 1);
        await node.WaitForSourceAudioAsync("b", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/m");
        await listener.WaitForBytesAsync(32_000, Wait);
        var id = (string?)Assert.Single((await admin.ClientsAsync("/m")).Elements("listener")).Element("ID");

        var answer = await admin.XmlAsync("/admin/moveclients?mount=/m&destination=/b");

        Assert.Equal("Clients moved from /m to /b", (string?)answer.Root!.Element("message"));
        Assert.Equal("1", (string?)answer.Root.Element("return"));
        await Poll.UntilAsync(
            async () => (await admin.ClientsAsync("/b")).Elements("listener").Select(l => (string?)l.Element("ID")).ToList(),
            ids => ids.Contains(id),
            Wait,
            $"listener {id} listed on /b");
        Assert.Empty((await admin.ClientsAsync("/m")).Elements("listener"));

        // Four seconds of /b's 32 kbit/s after the move, on the connection opened to /m.
        var moved = listener.BodyLength;
        await listener.WaitForBytesAsync(moved + 24_000, Wait);
        Assert.False(listener.Ended, listener.EndedBy);
        var body = listener.Body();
        var file = Path.Combine(node.RootDirectory, "moved.mp3");
        await File.WriteAllBytesAsync(file, body[^16_000..]);
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec == "mp3" && probe.SampleRate == 22050 && probe.Channels == 1, $"after the move: {probe.Raw}");
    }

    [Fact]
    public async Task Moveclients_to_a_mount_in_another_codec_is_refused_and_the_listener_stays()
    {
        await node.WaitForSourceAudioAsync("a", 1);
        await node.WaitForSourceAudioAsync("c", 1);
        using var admin = new IcecastAdminClient(node.Http("/"));
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/a");

        var (status, type, body, response) = await admin.GetAsync("/admin/moveclients?mount=/a&destination=/c");
        response.Dispose();

        Assert.Equal(400, status);
        Assert.Equal("text/html", type);
        Assert.Contains("another format", body);
        Assert.Contains("audio/aac", body);
        // Earlier tests' listeners of /a hung up just before; the node sees a hang-up as it happens.
        await Poll.UntilAsync(
            async () => (await admin.ClientsAsync("/a")).Elements("listener").Count(),
            count => count == 1,
            Wait,
            "this test's listener alone on /a");
        await listener.WaitForBytesAsync(listener.BodyLength + 16_000, Wait);
        Assert.False(listener.Ended, listener.EndedBy);
    }
}
