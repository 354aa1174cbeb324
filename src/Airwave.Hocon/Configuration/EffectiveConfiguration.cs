using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>Tells, for a built configuration, which provider set each value and where, so a node can log its sources at start.</summary>
public static class EffectiveConfiguration
{
    /// <summary>Every key that holds a value (or an empty object/array), ordered by key, with the origin of its effective value.</summary>
    public static IReadOnlyList<ConfigurationEntry> Describe(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.AsEnumerable()
            .Where(pair => pair.Value is not null || !configuration.GetSection(pair.Key).GetChildren().Any())
            .Select(pair => (pair.Key, pair.Value, Origin: FindOrigin(configuration, pair.Key)))
            .Where(entry => entry.Origin is not null)
            .Select(entry => new ConfigurationEntry(entry.Key, entry.Value, entry.Origin!))
            .OrderBy(entry => entry.Key, ConfigurationKeyComparer.Instance)
            .ToList();
    }

    /// <summary>Where the effective value of <paramref name="key"/> was set, or null when no provider holds it.</summary>
    public static string? FindOrigin(IConfigurationRoot configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return provider is IConfigurationOriginProvider origins && origins.TryGetOrigin(key, out var origin)
                    ? origin
                    : provider.ToString() ?? provider.GetType().Name;
            }
        }

        return null;
    }
}
