namespace Airwave.Channels.Registry;

/// <summary>
/// What reconciling the node's runtime channels with a channel list changes: channels to start, to stop, to restart
/// with a new definition, and listed names left alone because the configuration file or the admin API owns them.
/// </summary>
/// <param name="Start">Listed and not running: added.</param>
/// <param name="Stop">Put there by the list and no longer listed: removed.</param>
/// <param name="Restart">Put there by the list and listed differently: restarted with the new definition (their rewind kept).</param>
/// <param name="Unchanged">Listed exactly as they run.</param>
/// <param name="Conflicts">Listed names the list may not touch, each with the reason.</param>
public sealed record ChannelListDiff(
    IReadOnlyList<RuntimeChannel> Start,
    IReadOnlyList<string> Stop,
    IReadOnlyList<RuntimeChannel> Restart,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Conflicts)
{
    /// <summary>True when applying it would change nothing.</summary>
    public bool IsEmpty => Start.Count == 0 && Stop.Count == 0 && Restart.Count == 0;

    /// <summary>The diff of <paramref name="listed"/> (the list's channels, each marked <see cref="RuntimeChannel.Listed"/>) against what runs.</summary>
    /// <param name="listed">The channel list's channels.</param>
    /// <param name="running">The runtime channels known now (from the list and from the admin API).</param>
    /// <param name="isConfigured">True for a name the configuration file defines: the file wins.</param>
    public static ChannelListDiff Of(IReadOnlyList<RuntimeChannel> listed, IReadOnlyCollection<RuntimeChannel> running, Func<string, bool> isConfigured)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(isConfigured);
        var byName = running.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var start = new List<RuntimeChannel>();
        var restart = new List<RuntimeChannel>();
        var unchanged = new List<string>();
        var conflicts = new List<string>();
        foreach (var channel in listed)
        {
            if (isConfigured(channel.Name))
            {
                conflicts.Add($"{channel.Name}: defined in the configuration file, which wins");
            }
            else if (!byName.TryGetValue(channel.Name, out var current))
            {
                start.Add(channel);
            }
            else if (!current.Listed)
            {
                conflicts.Add($"{channel.Name}: added through the admin API; remove it there to let the list manage it");
            }
            else if (current.SameAs(channel))
            {
                unchanged.Add(channel.Name);
            }
            else
            {
                restart.Add(channel);
            }
        }

        var names = listed.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var stop = running.Where(c => c.Listed && !names.Contains(c.Name)).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        return new ChannelListDiff(start, stop, restart, unchanged, conflicts);
    }
}
