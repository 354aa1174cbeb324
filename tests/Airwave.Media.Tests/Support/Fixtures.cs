namespace Airwave.Media.Tests.Support;

/// <summary>The shared audio fixtures (<see cref="TestFixtures.SharedFixtures"/>) these tests read.</summary>
internal static class Fixtures
{
    public const string Mp3Stereo128k = "tone-128k-44100-stereo.mp3";
    public const string Mp3Mono32k = "tone-32k-22050-mono.mp3";
    public const string Aac64k = "tone-64k-48000-stereo.aac";

    public static byte[] Read(string name) => File.ReadAllBytes(TestFixtures.SharedFixtures.Path(name));
}
