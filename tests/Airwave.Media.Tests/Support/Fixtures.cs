namespace Airwave.Media.Tests.Support;

/// <summary>Locates the shared audio fixtures next to the repository (../shared/fixtures from the folder holding Cluster.sln).</summary>
internal static class Fixtures
{
    public const string Mp3Stereo128k = "tone-128k-44100-stereo.mp3";
    public const string Mp3Mono32k = "tone-32k-22050-mono.mp3";
    public const string Aac64k = "tone-64k-48000-stereo.aac";

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    private static string Directory { get; } = FindDirectory();

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }

        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
