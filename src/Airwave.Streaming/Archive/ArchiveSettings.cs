using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Archive;

/// <summary>A channel's archive settings (<c>channel-defaults.archive</c> overlaid with <c>channels.&lt;name&gt;.archive</c>): whether segments go to disk and how long they stay.</summary>
/// <param name="Enabled">Write the channel's segments to the archive.</param>
/// <param name="Keep">Segments older than this are pruned.</param>
/// <param name="MaxBytes">The oldest segments are pruned while the channel's archive is larger than this; 0 means no size limit.</param>
public sealed record ArchiveSettings(bool Enabled, TimeSpan Keep, long MaxBytes)
{
    /// <summary>Archive on, 14 days, no size limit.</summary>
    public static ArchiveSettings Default { get; } = new(true, TimeSpan.FromDays(14), 0);

    // A shorter keep deletes segments while downloads of the last minutes still read them.
    private static readonly TimeSpan MinimumKeep = TimeSpan.FromMinutes(1);

    /// <summary>The archive settings of channel <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static ArchiveSettings Read(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = configuration.GetSection("airwave:channel-defaults:archive");
        var own = configuration.GetSection("airwave:channels:" + name + ":archive");
        IConfigurationSection Holder(string key) => own[key] is not null ? own : defaults;
        var enabled = Holder("enabled").GetSwitch("enabled", true);
        return new ArchiveSettings(
            enabled,
            Holder("keep").GetDuration("keep", Default.Keep, MinimumKeep),
            Holder("max-bytes").GetBytes("max-bytes", Default.MaxBytes));
    }
}
