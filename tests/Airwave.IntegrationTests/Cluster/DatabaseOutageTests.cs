using System.Diagnostics;
using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// The cluster database stopped for 30 s under load and started again: a master and a slave on a PostgreSQL server of
/// the test's own, a pushed source, a looped channel with HLS, a listener on each node. Nothing is dropped, the numbering
/// goes on, and the master renews its leases once the database is back.
/// </summary>
public sealed partial class DatabaseOutageTests(ITestOutputHelper output)
{
    private const string Password = "hackme";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Thirty_seconds_without_the_cluster_database_drop_no_listener_and_no_source()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["AIRWAVE__CLUSTER__DATABASE"] = postgres.ConnectionString,
            ["AIRWAVE__CLUSTER__SECRET"] = "integration-test-cluster-secret",
            ["AIRWAVE__CLUSTER__SHARDING__LEASE_TTL"] = "3s",
        };
        string Config(string role) => $$"""
            airwave {
              cluster.roles = [{{role}}]
              channel-defaults.hls.segment-duration = 2s
              channels {
                looped { loop-file = "assets/demo.mp3" }
                pushed { password = "{{Password}}" }
              }
            }
            """;
        await using var master = await NodeProcess.StartAsync(new NodeOptions { Config = Config("master"), Environment = environment });
        await using var slave = await NodeProcess.StartAsync(new NodeOptions { Config = Config("slave"), Environment = environment });
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:{Password}@127.0.0.1:{master.HttpPort}/pushed", "audio/mpeg", "mp3", master.Log, loop: true);
        try
        {
            await master.WaitForSourceAudioAsync("pushed", 4, Patience);
            await master.WaitForSourceAudioAsync("looped", 4, Patience);
            using var onMaster = await RecordingListener.ConnectAsync(master.Http("/pushed"));
            using var onSlave = await RecordingListener.ConnectAsync(slave.Http("/looped"));
            await onMaster.WaitForMoreAsync(64 * 1024, Patience);
            await onSlave.WaitForMoreAsync(64 * 1024, Patience);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var sequenceBefore = NewestSegment(await http.GetStringAsync(master.Http("/looped.m3u8")));
            var chunksBefore = (await master.ChannelAsync("pushed")).GetProperty("lastSeq").GetInt64();

            var mark = Stopwatch.GetTimestamp();
            await postgres.StopServerAsync();
            await Task.Delay(Outage);
            await postgres.StartServerAsync();
            await Poll.UntilAsync(() => Task.FromResult(master.Log.Since(0)), log => log.Contains("cluster database reachable again", StringComparison.Ordinal),
                Patience, "the master renewing its leases", () => master.Log.Since(0, 60));
            await onMaster.WaitForMoreAsync(64 * 1024, Patience);
            await onSlave.WaitForMoreAsync(64 * 1024, Patience);

            Assert.False(onMaster.Ended, $"the master's listener ended: {onMaster.Error}");
            Assert.False(onSlave.Ended, $"the slave's listener ended: {onSlave.Error}");
            Assert.True(onMaster.LongestStallSince(mark) < TimeSpan.FromSeconds(3), $"the master's listener stalled {onMaster.LongestStallSince(mark)}");
            Assert.True(onSlave.LongestStallSince(mark) < TimeSpan.FromSeconds(3), $"the slave's listener stalled {onSlave.LongestStallSince(mark)}");
            Assert.False(source.HasExited, "the source was dropped: " + source.Output.Text);
            var pushed = await master.ChannelAsync("pushed");
            Assert.Equal("connected", pushed.Source());
            Assert.True(pushed.GetProperty("lastSeq").GetInt64() > chunksBefore + (long)(Outage.TotalSeconds * 2 * 0.9), "the numbering went on through the outage");
            Assert.True(NewestSegment(await http.GetStringAsync(master.Http("/looped.m3u8"))) > sequenceBefore + 10, "HLS kept numbering its segments");
            Assert.DoesNotContain("gave up", master.Log.Since(0), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine("master:\n" + master.Log.Since(0, 150) + "\nslave:\n" + slave.Log.Since(0, 80));
        }
    }

    /// <summary>The media sequence number of the playlist's newest segment.</summary>
    private static long NewestSegment(string playlist) =>
        long.Parse(MediaSequenceLine().Match(playlist).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + Regex.Count(playlist, "#EXTINF") - 1;

    [GeneratedRegex(@"#EXT-X-MEDIA-SEQUENCE:(\d+)")]
    private static partial Regex MediaSequenceLine();
}
