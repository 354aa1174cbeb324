using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>A transcode session of an archive window started on a slave: the archive is on the owner's disk, so the slave's ffmpeg is fed the window's download, passed on from the owner.</summary>
public sealed class TranscodeSessionClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_slave_transcodes_an_archive_window_from_the_owners_archive()
    {
        await using var database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        const string Config = """
            airwave {
              transcoding.profiles.mobile { codec = aac, bitrate = 48k, channels = 1 }
              channels.looped { loop-file = "assets/demo.mp3" }
            }
            """;
        await using var master = await NodeProcess.StartAsync(new NodeOptions { Config = "airwave.cluster.roles = [master]\n" + Config, Environment = environment });
        await using var slave = await NodeProcess.StartAsync(new NodeOptions { Config = "airwave.cluster.roles = [slave]\n" + Config, Environment = environment });
        try
        {
            await master.WaitForSourceAudioAsync("looped", 16, Patience);
            var start = DateTime.UtcNow.AddSeconds(-14).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

            using var response = await slave.Admin.PostAsJsonAsync(new Uri("api/transcode", UriKind.Relative), new { channel = "looped", profile = "mobile", user = "ola", start, duration = "10s" });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
            var id = body.GetProperty("id").GetString()!;
            await Poll.UntilAsync(() => slave.GetAdminJsonAsync("api/transcode/" + id), s => s.GetProperty("state").GetString() == "finished", Patience, "the window finished on the slave");

            Assert.Contains($"transcode session {id}: ffmpeg", slave.Log.Since(0), StringComparison.Ordinal);
            Assert.Contains("/looped/download?start=", slave.Log.Since(0), StringComparison.Ordinal);
            var file = Path.Combine(slave.RootDirectory, $"window-{id}.ts");
            var recorded = await FfmpegProcess.RecordAsync(slave.Http($"/transcode/{id}/index.m3u8"), 30, file, Patience);
            Assert.True(recorded.ExitCode == 0, recorded.Output);
            Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
            Assert.InRange((await FfmpegProcess.ProbeAsync(file)).DurationSeconds, 9.5, 10.5);
        }
        finally
        {
            output.WriteLine("master:\n" + master.Log.Since(0) + "\nslave:\n" + slave.Log.Since(0));
        }
    }
}
