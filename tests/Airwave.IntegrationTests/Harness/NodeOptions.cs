namespace Airwave.IntegrationTests.Harness;

/// <summary>How to start a node for a test.</summary>
internal sealed record NodeOptions
{
    /// <summary>HOCON for <c>--config</c>; null runs the shipped standalone default with the temp directory as working directory.</summary>
    public string? Config { get; init; }

    /// <summary>An <c>airwave</c> executable published by <c>scripts/build.sh</c> to run instead of the build's <c>airwave.dll</c>.</summary>
    public string? Executable { get; init; }

    /// <summary>True when the node's admin port speaks TLS (<c>airwave.tls.admin</c>): the harness then probes and calls it over https, accepting its certificate.</summary>
    public bool AdminTls { get; init; }

    /// <summary>Extra <c>AIRWAVE__*</c> overrides (ports, bind address and, with a config, the data directory are set already).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
