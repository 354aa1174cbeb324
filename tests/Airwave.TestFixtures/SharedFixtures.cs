namespace Airwave.TestFixtures;

/// <summary>
/// Finds the shared audio fixtures for every test project: the folder <c>AIRWAVE_FIXTURES</c> names (test.sh sets it
/// for a clone made away from <c>shared/</c>), else <c>../shared/fixtures</c> beside the folder holding Cluster.sln.
/// </summary>
public static class SharedFixtures
{
    /// <summary>The environment variable that overrides where the fixtures are.</summary>
    public const string Variable = "AIRWAVE_FIXTURES";

    /// <summary>The fixtures folder (it may not exist: <see cref="Path"/> says so per file).</summary>
    public static string Directory { get; } = Find();

    /// <summary>The full path of fixture <paramref name="name"/>.</summary>
    /// <exception cref="FileNotFoundException">The fixture is not there.</exception>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"fixture {name} is missing at {path} (set {Variable} to the shared fixtures folder, or run ./test.sh)", path);
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return System.IO.Path.GetFullPath(configured);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared", "fixtures"));
            }
        }

        throw new DirectoryNotFoundException($"no Cluster.sln above {AppContext.BaseDirectory}, and {Variable} is not set");
    }
}
