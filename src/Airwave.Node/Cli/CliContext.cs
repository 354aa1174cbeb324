using System.CommandLine;

namespace Airwave.Node.Cli;

/// <summary>The options every CLI palette shares: which node, which token, human or JSON output.</summary>
internal sealed class CliContext
{
    public Option<string> Host { get; } = new("--host")
    {
        Description = "The node's admin address (host:port, or https://host:port when its admin port speaks TLS)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIRWAVE_HOST") ?? "127.0.0.1:9110",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Admin token; default: $AIRWAVE_ADMIN_TOKEN, else <data-dir>/admin.token",
        Recursive = true,
    };

    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Where to look for admin.token when no token is given (default: ./data, where a node started in this directory keeps it)",
        DefaultValueFactory = _ => "data",
        Recursive = true,
    };

    public Option<string?> CaCert { get; } = new("--cacert")
    {
        Description = "PEM certificates to trust for an https --host besides the system's (e.g. the node's self-signed certificate); default: $AIRWAVE_CACERT",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AIRWAVE_CACERT"),
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Accept any certificate from an https --host (tests, a first look; not for a network you do not control)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };

    public Option<int> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the node",
        DefaultValueFactory = _ => 10,
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Host);
        root.Options.Add(Token);
        root.Options.Add(DataDir);
        root.Options.Add(CaCert);
        root.Options.Add(Insecure);
        root.Options.Add(Json);
        root.Options.Add(TimeoutSeconds);
    }

    /// <summary>Runs a palette command against the node, turning failures into messages and exit codes.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<AdminClient, bool, TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var tokenFile = Path.GetFullPath(Path.Combine(parse.GetValue(DataDir)!, "admin.token"));
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("AIRWAVE_ADMIN_TOKEN") ?? ReadTokenFile(tokenFile);
        try
        {
            using var client = new AdminClient(
                parse.GetValue(Host)!, token, TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)), AdminTrust.Of(parse.GetValue(CaCert), parse.GetValue(Insecure)));
            return await action(client, parse.GetValue(Json), parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        }
        catch (AdminApiException e)
        {
            // Without a token the node's refusal is not about a wrong token: say where we looked, so the user can fix the path.
            var message = e.ExitCode == CliExitCodes.Unauthorized && token is null
                ? $"no admin token found: no --token, no AIRWAVE_ADMIN_TOKEN, and no {tokenFile} " +
                  "(run the CLI from the directory the node was started in, or pass --data-dir DIR or --token TOKEN)"
                : e.Message;
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return e.ExitCode;
        }
    }

    private static string? ReadTokenFile(string path) => File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
}
