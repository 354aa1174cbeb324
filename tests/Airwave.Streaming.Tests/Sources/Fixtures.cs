namespace Airwave.Streaming.Tests.Sources;

/// <summary>Finds the shared audio fixtures: the directory holding Cluster.sln, then ../shared/fixtures.</summary>
internal static class Fixtures
{
    public static string Path(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Cluster.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            throw new DirectoryNotFoundException("no Cluster.sln above " + AppContext.BaseDirectory);
        }

        return System.IO.Path.Combine(directory.Parent.FullName, "shared", "fixtures", name);
    }
}
