namespace Airwave.IntegrationTests.Harness;

/// <summary>Runs <c>airwave serve</c> for a start that is expected to be refused, and returns how it ended and what it printed.</summary>
internal static class ServeOnce
{
    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? config = null)
    {
        List<string> arguments = [RepoLayout.AirwaveDll, "serve"];
        if (config is not null)
        {
            arguments.AddRange(["--config", config]);
        }

        return ChildProcess.RunAsync("dotnet", arguments, TimeSpan.FromSeconds(60), workingDirectory, environment);
    }

    /// <summary>The non-empty lines a process printed.</summary>
    public static IReadOnlyList<string> Lines(this ProcessResult result) =>
        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
