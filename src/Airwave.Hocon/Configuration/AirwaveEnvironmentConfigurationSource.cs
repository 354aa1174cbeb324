using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>Describes environment variables (<c>AIRWAVE__A__B=value</c>) that override configuration files.</summary>
public sealed class AirwaveEnvironmentConfigurationSource : IConfigurationSource
{
    /// <summary>Variables whose name starts with this (case-insensitively) are read; the prefix without its trailing "__" is the first key.</summary>
    public string Prefix { get; init; } = "AIRWAVE__";

    /// <summary>The variables to read; the process environment when null.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new AirwaveEnvironmentConfigurationProvider(this);

    internal IEnumerable<KeyValuePair<string, string>> ReadVariables() =>
        Variables ?? System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, e.Value as string ?? ""));
}
