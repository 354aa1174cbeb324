using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon;

/// <summary>Loads a HOCON file into configuration keys with ':' separators, keeping each value's file:line:column.</summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider, IConfigurationOriginProvider
{
    private readonly HoconConfigurationSource _source;
    private readonly Dictionary<string, SourcePosition> _origins = new(StringComparer.OrdinalIgnoreCase);

    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <inheritdoc />
    /// <exception cref="HoconException">The file is malformed, or missing and not optional.</exception>
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _origins.Clear();
        var exists = !_source.Optional || File.Exists(_source.Path);
        if (exists || _source.Fallback is not null)
        {
            string[] paths = _source.Fallback is not { } fallback ? [_source.Path] : exists ? [fallback, _source.Path] : [fallback];
            var tree = HoconLoader.LoadFiles(paths, _source.LoadOptions);
            foreach (var (key, value, position) in HoconTreeFlattener.Flatten(tree))
            {
                data[key] = value;
                _origins[key] = position;
            }
        }

        Data = data;
    }

    public bool TryGetOrigin(string key, [NotNullWhen(true)] out string? origin)
    {
        origin = _origins.TryGetValue(key, out var position) ? position.ToString() : null;
        return origin is not null;
    }

    public override string ToString() => $"HOCON file {_source.Path}";
}
