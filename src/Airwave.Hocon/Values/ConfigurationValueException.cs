using Airwave.Hocon.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Hocon.Values;

/// <summary>
/// A configuration value is malformed or out of range. The message names the full key (<c>airwave.channels.live.rewind</c>)
/// and, once known, where the value was set (<c>file:line:column</c> or <c>env NAME</c>), the shape of every configuration error.
/// </summary>
public sealed class ConfigurationValueException : FormatException
{
    public ConfigurationValueException()
        : this("", "the configuration value is not valid")
    {
    }

    public ConfigurationValueException(string message)
        : this("", message)
    {
    }

    public ConfigurationValueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "";
        Problem = message;
    }

    /// <param name="key">The full key, with ':' or '.' separators.</param>
    /// <param name="problem">What is wrong with the value, e.g. <c>"banana" is not a duration: ...</c>.</param>
    /// <param name="origin">Where the value was set, when the reader knows it.</param>
    public ConfigurationValueException(string key, string problem, string? origin = null)
        : base(Describe(key.Replace(':', '.'), problem, origin))
    {
        Key = key.Replace(':', '.');
        Problem = problem;
        Origin = origin;
    }

    /// <summary>The full dotted key, e.g. <c>airwave.channels.live.rewind</c>.</summary>
    public string Key { get; }

    /// <summary>What is wrong with the value.</summary>
    public string Problem { get; }

    /// <summary>Where the value was set (<c>file:line:column</c> or <c>env NAME</c>); null when not known yet.</summary>
    public string? Origin { get; }

    /// <summary>The same error with <see cref="Origin"/> looked up in <paramref name="root"/> (readers that got a section cannot see the root).</summary>
    public ConfigurationValueException Locate(IConfigurationRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Origin is not null || Key.Length == 0
            ? this
            : new ConfigurationValueException(Key, Problem, EffectiveConfiguration.FindOrigin(root, Key.Replace('.', ':')));
    }

    private static string Describe(string key, string problem, string? origin) =>
        (origin is null ? "" : origin + ": ") + (key.Length == 0 ? problem : $"{key}: {problem}");
}
