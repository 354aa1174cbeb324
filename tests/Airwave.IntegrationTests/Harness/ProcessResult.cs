namespace Airwave.IntegrationTests.Harness;

/// <summary>How a finished child process ended and what it printed (stdout and stderr interleaved).</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
