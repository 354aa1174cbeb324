using Airwave.Hocon.Configuration;

namespace Airwave.Node.Hosting;

/// <summary>Logs where the effective configuration came from, with secrets masked.</summary>
internal static class ConfigurationReport
{
    private static readonly string[] SecretWords = ["password", "token", "secret", "connection-string", "cluster:database"];

    public static void Log(ILogger log, IConfigurationRoot configuration, string configFile)
    {
        log.LogInformation("configuration: {Reference} overridden by {File} and AIRWAVE__* variables", Path.Combine(NodeConfiguration.HoconDirectory, "reference.conf"), configFile);
        foreach (var entry in EffectiveConfiguration.Describe(configuration).Where(e => !e.Origin.Contains("reference.conf", StringComparison.Ordinal)))
        {
            var value = SecretWords.Any(word => entry.Key.Contains(word, StringComparison.OrdinalIgnoreCase)) && !string.IsNullOrEmpty(entry.Value) ? "***" : entry.Value;
            log.LogInformation("  {Key} = {Value}  ({Origin})", entry.Key.Replace(':', '.'), value, entry.Origin);
        }
    }
}
