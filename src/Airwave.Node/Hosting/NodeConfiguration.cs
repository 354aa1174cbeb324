using Airwave.Hocon;
using Airwave.Hocon.Configuration;
using Airwave.Hocon.Validation;

namespace Airwave.Node.Hosting;

/// <summary>Loads a node's configuration: <c>hocon/reference.conf</c>, then the node's file, then <c>AIRWAVE__*</c> variables, and refuses unknown keys.</summary>
internal static class NodeConfiguration
{
    /// <summary>The default config file, relative to the executable's directory.</summary>
    public const string DefaultFile = "hocon/standalone.conf";

    /// <summary>Where reference.conf and the shipped configs live: beside the executable.</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    /// <summary>Builds the configuration or throws a <see cref="HoconException"/> or <see cref="InvalidDataException"/> that says what is wrong and where.</summary>
    public static IConfigurationRoot Load(string? configFile)
    {
        var referencePath = Path.Combine(HoconDirectory, "reference.conf");
        var path = ResolveConfigFile(configFile);
        var configuration = new ConfigurationBuilder()
            .AddHoconFileWithFallback(path, referencePath)
            .AddAirwaveEnvironment()
            .Build();
        var unknown = UnknownKeyValidator.Validate(HoconLoader.LoadFile(referencePath), configuration);
        if (unknown.Count > 0)
        {
            var lines = unknown.Select(u => $"  {u.Key} (set in {u.Origin}){(u.Suggestion is null ? "" : $"; did you mean {u.Suggestion}?")}");
            throw new InvalidDataException("unknown configuration keys (see hocon/reference.conf for every setting):" + Environment.NewLine + string.Join(Environment.NewLine, lines));
        }

        return configuration;
    }

    /// <summary>The file a node reads: the given one (relative to the working directory), else the shipped standalone.conf.</summary>
    public static string ResolveConfigFile(string? configFile) =>
        configFile is null ? Path.Combine(AppContext.BaseDirectory, DefaultFile) : Path.GetFullPath(configFile);
}
