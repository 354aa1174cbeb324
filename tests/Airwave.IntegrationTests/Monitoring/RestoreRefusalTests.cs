using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Monitoring;

/// <summary>A node asked to restore from a document it cannot use does not start, rather than number its channels from 0.</summary>
public sealed class RestoreRefusalTests
{
    [Theory]
    [InlineData("missing.json", null, "Could not find file")]
    [InlineData("other.json", """{ "channels": [] }""", "not a metadata document")]
    [InlineData("negative.json", """{ "format": "airwave-metadata/1", "node": "n", "pushedUtc": "2026-12-03T23:00:00Z", "final": true, "channels": [ { "id": "demo", "chunkSequence": -5 } ] }""", "sequences must be whole numbers from 0")]
    public async Task A_document_that_cannot_be_read_or_is_not_metadata_stops_the_node_before_any_channel_starts(string file, string? content, string reason)
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-restore-").FullName;
        try
        {
            var document = Path.Combine(directory, file);
            if (content is not null)
            {
                await File.WriteAllTextAsync(document, content);
            }

            var config = Path.Combine(directory, "node.conf");
            await File.WriteAllTextAsync(config, $$"""
                airwave {
                  monitoring.restore-from = "file:{{document}}"
                  channels.demo { loop-file = "assets/demo.mp3" }
                }
                """);
            var result = await ServeOnce.RunAsync(directory, new Dictionary<string, string>
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            }, config);

            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
            var refusal = Assert.Single(result.Lines(), l => l.Contains("cannot restore from file:", StringComparison.Ordinal));
            Assert.Contains(reason, refusal, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Lines(), l => l.Contains("channel /demo ready", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
