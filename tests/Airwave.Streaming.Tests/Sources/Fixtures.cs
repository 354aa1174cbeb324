namespace Airwave.Streaming.Tests.Sources;

/// <summary>The shared audio fixtures (<see cref="TestFixtures.SharedFixtures"/>).</summary>
internal static class Fixtures
{
    public static string Path(string name) => TestFixtures.SharedFixtures.Path(name);
}
