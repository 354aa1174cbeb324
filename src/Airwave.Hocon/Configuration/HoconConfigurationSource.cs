using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon;

/// <summary>Describes a HOCON file to load into <see cref="IConfiguration"/>.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    public required string Path { get; init; }

    /// <summary>When true a missing file yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    public HoconLoadOptions? LoadOptions { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
