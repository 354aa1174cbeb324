namespace Airwave.Streaming.Tests.Sources;

/// <summary>The shared audio fixtures (<see cref="TestKit.SharedFixtures"/>).</summary>
internal static class Fixtures
{
    public static string Path(string name) => TestKit.SharedFixtures.Path(name);
}
