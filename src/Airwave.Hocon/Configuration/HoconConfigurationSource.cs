using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>Describes a HOCON file to load into <see cref="IConfiguration"/>.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    public required string Path { get; init; }

    /// <summary>
    /// A file merged under <see cref="Path"/> in one tree (HOCON's fallback, as Akka's reference.conf): an array or value
    /// the file sets replaces the fallback's whole, where separate configuration layers would mix array elements.
    /// </summary>
    public string? Fallback { get; init; }

    /// <summary>When true a missing file yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    public HoconLoadOptions? LoadOptions { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
