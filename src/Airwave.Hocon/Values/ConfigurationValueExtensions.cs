using Airwave.Hocon.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Values;

/// <summary>Reads HOCON durations and sizes from <see cref="IConfiguration"/>; keys may use '.' or ':' (<c>airwave.http.port</c>).</summary>
public static class ConfigurationValueExtensions
{
    /// <exception cref="KeyNotFoundException">The key is not set.</exception>
    /// <exception cref="ConfigurationValueException">The value is not a duration.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key) =>
        Read<TimeSpan>(configuration, key, HoconDuration.TryParse) ?? throw NotSet(configuration, key);

    /// <summary>Reads a duration, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    /// <exception cref="ConfigurationValueException">The value is not a duration.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue) =>
        Read<TimeSpan>(configuration, key, HoconDuration.TryParse) ?? defaultValue;

    /// <summary>Reads a duration of at least <paramref name="minimum"/>, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    /// <exception cref="ConfigurationValueException">The value is not a duration, or is shorter than <paramref name="minimum"/>.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue, TimeSpan minimum)
    {
        var value = GetDuration(configuration, key, defaultValue);
        return value >= minimum
            ? value
            : throw configuration.InvalidValue(key, $"\"{configuration[key.Replace('.', ':')]}\" is shorter than the minimum {HoconDuration.Format(minimum)}");
    }

    /// <summary>Reads a duration from <paramref name="minimum"/> to <paramref name="maximum"/>, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    /// <param name="configuration">A root or a section.</param>
    /// <param name="key">The key, with '.' or ':'.</param>
    /// <param name="defaultValue">Returned when the key is not set.</param>
    /// <param name="minimum">The shortest value allowed.</param>
    /// <param name="maximum">The longest value allowed.</param>
    /// <param name="beyondMaximum">What a longer value would do, or what to set instead: added to the error; null for nothing.</param>
    /// <exception cref="ConfigurationValueException">The value is not a duration, or is outside the bounds.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue, TimeSpan minimum, TimeSpan maximum, string? beyondMaximum = null)
    {
        var value = GetDuration(configuration, key, defaultValue, minimum);
        return value <= maximum
            ? value
            : throw configuration.InvalidValue(
                key, $"\"{configuration[key.Replace('.', ':')]}\" is longer than the maximum {HoconDuration.Format(maximum)}" + (beyondMaximum is null ? "" : ": " + beyondMaximum));
    }

    /// <exception cref="KeyNotFoundException">The key is not set.</exception>
    /// <exception cref="ConfigurationValueException">The value is not a size.</exception>
    public static long GetBytes(this IConfiguration configuration, string key) =>
        Read<long>(configuration, key, HoconByteSize.TryParse) ?? throw NotSet(configuration, key);

    /// <summary>Reads a size in bytes, or returns <paramref name="defaultValue"/> when the key is not set.</summary>
    /// <exception cref="ConfigurationValueException">The value is not a size.</exception>
    public static long GetBytes(this IConfiguration configuration, string key, long defaultValue) =>
        Read<long>(configuration, key, HoconByteSize.TryParse) ?? defaultValue;

    /// <summary>Reads a switch (<c>on</c>/<c>off</c>, <c>true</c>/<c>false</c>, <c>yes</c>/<c>no</c>), or returns <paramref name="defaultValue"/> when the key is not set or empty.</summary>
    /// <exception cref="ConfigurationValueException">The value is none of those.</exception>
    public static bool GetSwitch(this IConfiguration configuration, string key, bool defaultValue)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[key.Replace('.', ':')] switch
        {
            null or "" => defaultValue,
            "true" or "True" or "yes" or "on" => true,
            "false" or "False" or "no" or "off" => false,
            var other => throw configuration.InvalidValue(key, $"must be on or off, not \"{other}\""),
        };
    }

    /// <summary>
    /// An error about the value of <paramref name="key"/> in <paramref name="configuration"/> (a root or a section) that names
    /// the full key, and where the value was set when <paramref name="configuration"/> is the root.
    /// </summary>
    public static ConfigurationValueException InvalidValue(this IConfiguration configuration, string key, string problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(key);
        var relative = key.Replace('.', ':');
        var full = configuration is IConfigurationSection section ? ConfigurationPath.Combine(section.Path, relative) : relative;
        var origin = configuration is IConfigurationRoot root ? EffectiveConfiguration.FindOrigin(root, full) : null;
        return new ConfigurationValueException(full, problem, origin);
    }

    private delegate bool TryParser<T>(string? text, out T value, out string error);

    private static T? Read<T>(IConfiguration configuration, string key, TryParser<T> parse)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(key);
        var text = configuration[key.Replace('.', ':')];
        if (text is null)
        {
            return null;
        }

        return parse(text, out var value, out var error)
            ? value
            : throw configuration.InvalidValue(key, $"\"{text}\" is not a {(typeof(T) == typeof(TimeSpan) ? "duration" : "size in bytes")}: {error}");
    }

    private static KeyNotFoundException NotSet(IConfiguration configuration, string key) =>
        new($"configuration key \"{(configuration is IConfigurationSection section ? ConfigurationPath.Combine(section.Path, key.Replace('.', ':')) : key).Replace(':', '.')}\" is not set");
}
