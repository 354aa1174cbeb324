using System.Globalization;
using System.Text;
using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Akka.Configuration;

namespace Airwave.Node.Hosting;

/// <summary>
/// The configuration the node's actor system starts with: what the node decides (a local actor provider, coordinated
/// shutdown's phase timeouts, log levels), overridden by the <c>akka { }</c> block of the node's
/// file. That block was read by the project's own HOCON reader with the rest of the file (environment variables,
/// <c>+=</c>, file:line errors); Akka gets it as plain, resolved text and never parses an operator's file itself.
/// Akka's loggers (the node's own) are set where the system is composed, in <see cref="NodeHost"/>.
/// </summary>
internal static class AkkaConfig
{
    /// <summary>The name every node's actor system has: paths read <c>akka://airwave/user/...</c>.</summary>
    public const string SystemName = "airwave";

    /// <param name="configuration">The node's configuration; its <c>akka</c> section, if any, wins over the defaults.</param>
    /// <param name="phaseTimeout">How long each coordinated-shutdown phase may take (<c>airwave.actors.shutdown-phase-timeout</c>).</param>
    /// <param name="unbindTimeout">How long the service-unbind phase, which drains listeners, may take.</param>
    /// <param name="persistence">Where the persistent actors' journal and snapshots go.</param>
    public static Config Build(IConfiguration configuration, TimeSpan phaseTimeout, TimeSpan unbindTimeout, PersistenceOptions persistence)
    {
        var defaults = $$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              log-dead-letters-during-shutdown = off
              actor.provider = local
              # Akka's timer wheel wakes the thread pool on every tick: an idle standalone node spent 4.9 % of a core at the
              # default 10 ms (docs/benchmarks.md). No timer here needs to be finer than half a second: sweeps, ticks and
              # backoffs are seconds, and an immediate retry is told, not timed.
              scheduler.tick-duration = 500ms
              coordinated-shutdown {
                default-phase-timeout = {{Milliseconds(phaseTimeout)}}
                phases.service-unbind.timeout = {{Milliseconds(unbindTimeout)}}
                # The node hooks SIGTERM/SIGINT itself and runs the shutdown; the process exits when Main returns.
                run-by-clr-shutdown-hook = off
                exit-clr = off
              }
            }
            """;
        var configured = Render(configuration.GetSection("akka"));
        var config = ConfigurationFactory.ParseString(defaults).WithFallback(AkkaPersistenceConfig.Build(persistence));
        return configured.Length == 0 ? config : ConfigurationFactory.ParseString(configured).WithFallback(config);
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>The section as HOCON: objects as paths, numbered children as lists, every value quoted (Akka reads durations, sizes, numbers and flags from strings).</summary>
    private static string Render(IConfigurationSection section)
    {
        var text = new StringBuilder();
        foreach (var child in section.GetChildren())
        {
            Render(child, "akka." + Quote(child.Key), text);
        }

        return text.ToString();
    }

    private static void Render(IConfigurationSection section, string path, StringBuilder text)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            text.Append(path).Append(" = ").Append(Quote(section.Value ?? "")).Append('\n');
            return;
        }

        if (IsList(children))
        {
            text.Append(path).Append(" = [")
                .AppendJoin(", ", children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => Quote(c.Value ?? "")))
                .Append("]\n");
            return;
        }

        foreach (var child in children)
        {
            Render(child, path + "." + Quote(child.Key), text);
        }
    }

    private static bool IsList(List<IConfigurationSection> children) =>
        children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !c.GetChildren().Any());

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
