using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon;

/// <summary>Reads HOCON durations and sizes from <see cref="IConfiguration"/>; keys may use '.' or ':' (<c>airwave.http.port</c>).</summary>
public static class ConfigurationValueExtensions
{
    /// <exception cref="KeyNotFoundException">The key is not set.</exception>
    /// <exception cref="FormatException">The value is not a duration; the message names key, value and origin.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key) =>
        Read<TimeSpan>(configuration, key, "duration", HoconDuration.TryParse) ?? throw NotSet(key);

    /// <summary>Reads a duration, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue) =>
        Read<TimeSpan>(configuration, key, "duration", HoconDuration.TryParse) ?? defaultValue;

    /// <exception cref="KeyNotFoundException">The key is not set.</exception>
    /// <exception cref="FormatException">The value is not a size; the message names key, value and origin.</exception>
    public static long GetBytes(this IConfiguration configuration, string key) =>
        Read<long>(configuration, key, "size in bytes", HoconByteSize.TryParse) ?? throw NotSet(key);

    /// <summary>Reads a size in bytes, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    public static long GetBytes(this IConfiguration configuration, string key, long defaultValue) =>
        Read<long>(configuration, key, "size in bytes", HoconByteSize.TryParse) ?? defaultValue;

    private delegate bool TryParser<T>(string? text, out T value, out string error);

    private static T? Read<T>(IConfiguration configuration, string key, string what, TryParser<T> parse)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(key);
        var configurationKey = key.Replace('.', ':');
        var text = configuration[configurationKey];
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value, out var error))
        {
            return value;
        }

        var origin = configuration is IConfigurationRoot root ? EffectiveConfiguration.FindOrigin(root, configurationKey) : null;
        var from = origin is null ? "" : $" (set at {origin})";
        throw new FormatException($"configuration key \"{configurationKey.Replace(':', '.')}\"{from}: \"{text}\" is not a {what}: {error}");
    }

    private static KeyNotFoundException NotSet(string key) =>
        new($"configuration key \"{key.Replace(':', '.')}\" is not set");
}
