using System.Globalization;
using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Archive;

/// <summary>The node's archive settings (<c>airwave.archive</c>): where files go, how many segments may wait for the disk, how often retention runs.</summary>
/// <param name="Directory">Archive root, relative to the data directory unless absolute.</param>
/// <param name="QueueSize">Closed segments that may wait for the writer before new ones are dropped.</param>
/// <param name="PruneInterval">How often each channel's archive is pruned (each channel at its own jittered time).</param>
public sealed record ArchiveOptions(string Directory, int QueueSize, TimeSpan PruneInterval)
{
    /// <summary>Reads <c>airwave.archive</c>.</summary>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static ArchiveOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("airwave:archive");
        var queue = section["queue-size"];
        var queueSize = string.IsNullOrEmpty(queue) ? 256
            : int.TryParse(queue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed
            : throw section.InvalidValue("queue-size", $"must be a positive whole number, not \"{queue}\"");
        var directory = section["directory"];
        return new ArchiveOptions(
            string.IsNullOrEmpty(directory) ? "archive" : directory,
            queueSize,
            section.GetDuration("prune-interval", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1)));
    }
}
