namespace Airwave.Node.Cli;

/// <summary>Exit codes of the <c>airwave</c> CLI, so scripts can tell failures apart.</summary>
internal static class CliExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Unauthorized = 4;
    public const int NotFound = 5;
}
