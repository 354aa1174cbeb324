using System.Reflection;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Finds the node executable built beside these tests and the shared audio fixtures.</summary>
internal static class RepoLayout
{
    /// <summary>The directory holding <c>Cluster.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the node is run from the same configuration the tests were built with.</summary>
    public static string Configuration { get; } =
        typeof(RepoLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string AirwaveDll
    {
        get
        {
            var path = Path.Combine(Root, "src", "Airwave.Node", "bin", Configuration, "net10.0", "airwave.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"the node is not built at {path} (build tests/Airwave.IntegrationTests, which builds it first)", path);
        }
    }

    /// <summary>A shared audio fixture (<see cref="TestFixtures.SharedFixtures"/>).</summary>
    public static string Fixture(string name) => TestFixtures.SharedFixtures.Path(name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Cluster.sln above {AppContext.BaseDirectory}");
    }
}
