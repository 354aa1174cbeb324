using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>Loads a HOCON file into configuration keys with ':' separators, keeping each value's file:line:column.</summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider, IConfigurationOriginProvider
{
    private readonly HoconConfigurationSource source;
    private readonly Dictionary<string, SourcePosition> origins = new(StringComparer.OrdinalIgnoreCase);

    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
    }

    /// <inheritdoc />
    /// <exception cref="HoconException">The file is malformed, or missing and not optional.</exception>
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        origins.Clear();
        var exists = !source.Optional || File.Exists(source.Path);
        if (exists || source.Fallback is not null)
        {
            string[] paths = source.Fallback is not { } fallback ? [source.Path] : exists ? [fallback, source.Path] : [fallback];
            var tree = HoconLoader.LoadFiles(paths, source.LoadOptions);
            foreach (var (key, value, position) in HoconTreeFlattener.Flatten(tree))
            {
                data[key] = value;
                origins[key] = position;
            }
        }

        Data = data;
    }

    public bool TryGetOrigin(string key, [NotNullWhen(true)] out string? origin)
    {
        origin = origins.TryGetValue(key, out var position) ? position.ToString() : null;
        return origin is not null;
    }

    public override string ToString() => $"HOCON file {source.Path}";
}
