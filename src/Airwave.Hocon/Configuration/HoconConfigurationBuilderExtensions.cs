using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Configuration;

/// <summary>Adds HOCON files and Airwave's environment overrides to a configuration builder.</summary>
public static class HoconConfigurationBuilderExtensions
{
    /// <summary>Adds a HOCON file; its includes and substitutions are resolved within it (and the environment).</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false, HoconLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, LoadOptions = options });
    }

    /// <summary>Adds a HOCON file merged over <paramref name="fallback"/> in one tree, so its arrays and values replace the fallback's whole.</summary>
    public static IConfigurationBuilder AddHoconFileWithFallback(this IConfigurationBuilder builder, string path, string fallback, HoconLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource { Path = path, Fallback = fallback, LoadOptions = options });
    }

    /// <summary>
    /// Adds environment overrides: <c>AIRWAVE__A__B_C=value</c> sets <c>airwave:a:b-c</c>. Add it last so it wins over files.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="prefix">Variable prefix, <c>AIRWAVE__</c> by default.</param>
    /// <param name="variables">Variables to use instead of the process environment (tests).</param>
    public static IConfigurationBuilder AddAirwaveEnvironment(this IConfigurationBuilder builder, string prefix = "AIRWAVE__", IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new AirwaveEnvironmentConfigurationSource { Prefix = prefix, Variables = variables });
    }
}
