using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Monitoring;

/// <summary>
/// The metadata push and <c>restore-from</c> end to end: a node serves HLS and pushes its sequences, loses its whole data
/// directory, and starts over without the restore but continues above what it served with it.
/// </summary>
public sealed class MetadataRestoreTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string NodeName = "restore-node";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private readonly int receiverPort = FreePorts.Next();
    private MonitorReceiver? receiver;

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              node-name = {{NodeName}}
              monitoring {
                metadata-url = "http://127.0.0.1:{{receiverPort}}/metadata"
                metadata-interval = 1s
              }
              channels.demo { loop-file = "assets/demo.mp3", hls.segment-duration = 1s }
            }
            """,
    };

    public override async Task InitializeAsync()
    {
        receiver = MonitorReceiver.Start(receiverPort);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        receiver?.Dispose();
    }

    [Fact]
    public async Task A_node_that_lost_its_data_directory_continues_above_every_sequence_it_served_when_restored_from_its_pushed_metadata()
    {
        await Node.WaitForChannelAsync("demo", c => c.GetProperty("hlsMediaSequence").ValueKind == JsonValueKind.Number && c.GetProperty("hlsMediaSequence").GetInt64() >= 3, "three HLS segments");
        var served = await ServedAsync();

        var periodic = await Poll.UntilAsync(
            () => Task.FromResult(receiver!.Pushes("/metadata").LastOrDefault()),
            p => p is not null && Sequences(p.Body) is var (chunk, media, _) && chunk >= served.Chunk && media >= served.Media,
            Patience, "a metadata push at or above what was served", () => Node.Log.Text);
        Assert.Equal("airwave-metadata/1", periodic!.Body.GetProperty("format").GetString());
        Assert.Equal(NodeName, periodic.Body.GetProperty("node").GetString());
        Assert.False(periodic.Body.GetProperty("final").GetBoolean());

        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        var final = Assert.Single(receiver!.Pushes("/metadata"), p => p.Body.GetProperty("final").GetBoolean());
        var pushed = Sequences(final.Body);
        Assert.True(pushed.Chunk >= served.Chunk && pushed.Media >= served.Media, $"the final push {final.Text} is below what was served ({served})");
        var document = Path.Combine(Node.RootDirectory, "metadata.json");
        await File.WriteAllTextAsync(document, final.Text);

        // The disk died: without the restore, the node starts both counters over, below what players saw.
        Directory.Delete(Node.DataDirectory, recursive: true);
        await Node.StartAsync();
        var fresh = await FirstServedAsync();
        Assert.True(fresh.Chunk < served.Chunk && fresh.Media < served.Media, $"without a restore the node served {fresh}, not below {served}");

        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        Directory.Delete(Node.DataDirectory, recursive: true);
        await File.AppendAllTextAsync(Node.ConfigFile!, $"\nairwave.monitoring.restore-from = \"file:{document}\"\n");
        await Node.StartAsync();
        Assert.True(Node.Log.Contains("restoring sequences from file:"), "the restore was not logged");
        var restored = await FirstServedAsync();
        Assert.True(restored.Chunk > pushed.Chunk && restored.Media > pushed.Media, $"the restored node served {restored}, not above the pushed {pushed} (served before: {served})");

        // A document below the journal now (numbers from the start, pushed by a clock an hour ahead, so no margin for the
        // time since): restoring it lowers nothing.
        var servedRestored = await ServedAsync();
        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        var pushedAhead = DateTime.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(document, $$"""
            { "format": "airwave-metadata/1", "node": "{{NodeName}}", "pushedUtc": "{{pushedAhead}}", "final": true,
              "channels": [ { "id": "demo", "chunkSequence": 0, "mediaSequence": 0, "discontinuitySequence": 0 } ] }
            """);
        await Node.StartAsync();
        Assert.Contains(Node.Log.Text.Split('\n'), l => l.Contains("channel demo (pushed: chunk 0,", StringComparison.Ordinal) && l.Contains("chunks kept", StringComparison.Ordinal) && l.Contains("HLS sequences kept", StringComparison.Ordinal));
        var again = await ServedAsync();
        Assert.True(again.Chunk > servedRestored.Chunk && again.Media >= servedRestored.Media, $"after restoring a lower document the node served {again}, below {servedRestored}");
    }

    /// <summary>The newest chunk of /demo and the newest media sequence in its live playlist.</summary>
    private async Task<(long Chunk, long Media)> ServedAsync()
    {
        var (first, count) = await PlaylistAsync();
        return ((await Node.ChannelAsync("demo")).LastSeq(), first + count - 1);
    }

    /// <summary>Once /demo serves a segment after a start: its oldest chunk and the first media sequence of its live playlist.</summary>
    private async Task<(long Chunk, long Media)> FirstServedAsync()
    {
        var channel = await Node.WaitForChannelAsync("demo", c => c.GetProperty("hlsMediaSequence").ValueKind == JsonValueKind.Number, "a first HLS segment");
        var (first, _) = await PlaylistAsync();
        return (channel.GetProperty("firstSeq").GetInt64(), first);
    }

    /// <summary>EXT-X-MEDIA-SEQUENCE of /demo.m3u8 and how many segments it lists.</summary>
    private async Task<(long First, int Count)> PlaylistAsync()
    {
        using var http = new HttpClient();
        var lines = (await http.GetStringAsync(Node.Http("/demo.m3u8"))).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = long.Parse(lines.Single(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
        return (first, lines.Count(l => !l.StartsWith('#')));
    }

    private static (long Chunk, long Media, long Discontinuity) Sequences(JsonElement document)
    {
        var demo = document.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "demo");
        return (demo.GetProperty("chunkSequence").GetInt64(), demo.GetProperty("mediaSequence").GetInt64(), demo.GetProperty("discontinuitySequence").GetInt64());
    }
}
