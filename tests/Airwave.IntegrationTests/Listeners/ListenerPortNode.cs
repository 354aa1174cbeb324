using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>A node playing its demo loop at once, for the listener port's own transport; <c>/named</c> plays it under a long, non-ASCII name.</summary>
public sealed class ListenerPortNode() : NodeFixture(new NodeOptions
{
    Config = $$"""
        airwave {
          channels {
            demo { loop-file = "assets/demo.mp3" }
            named {
              loop-file = "assets/demo.mp3"
              name = "{{LongName}}"
              description = "morning\tshow"
              genre = "Jazz"
            }
          }
        }
        """,
})
{
    /// <summary>About 2 KB in UTF-8: more than a listener's head is written into at first.</summary>
    public static readonly string LongName = string.Join(" ", Enumerable.Repeat("Ràdio Cançó", 150));
}
