namespace Airwave.Node.Cli;

/// <summary>A CLI request to a node's admin API that failed, with the exit code to report it by.</summary>
internal sealed class AdminApiException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
