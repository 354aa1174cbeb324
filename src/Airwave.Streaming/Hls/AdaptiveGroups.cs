using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Hls;

/// <summary>The adaptive HLS groups of <c>airwave.groups.&lt;name&gt; = [channels]</c>: renditions of one programme a player switches between.</summary>
public sealed class AdaptiveGroups
{
    private readonly Dictionary<string, IReadOnlyList<string>> groups;

    private AdaptiveGroups(Dictionary<string, IReadOnlyList<string>> groups) => this.groups = groups;

    /// <summary>Every group name.</summary>
    public IReadOnlyCollection<string> Names => groups.Keys;

    /// <summary>
    /// Reads <c>airwave.groups</c> (the <c>"*"</c> template key is not a group), and gives every channel with renditions
    /// a group of its own name listing it and its renditions, unless a configured group already has that name.
    /// </summary>
    public static AdaptiveGroups Read(IConfiguration configuration, IEnumerable<Channels.ChannelSettings> channels)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(channels);
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in configuration.GetSection("airwave:groups").GetChildren())
        {
            if (group.Key == "*")
            {
                continue;
            }

            groups[group.Key] = group.GetChildren()
                .OrderBy(member => int.TryParse(member.Key, out var position) ? position : int.MaxValue)
                .Select(member => (member.Value ?? "").TrimStart('/'))
                .Where(member => member.Length > 0)
                .ToList();
        }

        foreach (var channel in channels.Where(c => c.Renditions.Count > 0))
        {
            groups.TryAdd(channel.Name, [channel.Name, .. channel.Renditions.Select(r => r.ChannelName)]);
        }

        return new AdaptiveGroups(groups);
    }

    /// <summary>The channel names of group <paramref name="name"/>, in configured order.</summary>
    public bool TryGetMembers(string name, out IReadOnlyList<string> members) => groups.TryGetValue(name, out members!);
}
