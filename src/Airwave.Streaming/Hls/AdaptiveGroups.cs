using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Hls;

/// <summary>The adaptive HLS groups of <c>airwave.groups.&lt;name&gt; = [channels]</c>: renditions of one programme a player switches between.</summary>
public sealed class AdaptiveGroups
{
    private readonly Dictionary<string, IReadOnlyList<string>> groups;

    private AdaptiveGroups(Dictionary<string, IReadOnlyList<string>> groups) => this.groups = groups;

    /// <summary>Every group name.</summary>
    public IReadOnlyCollection<string> Names => groups.Keys;

    /// <summary>Reads <c>airwave.groups</c> (the <c>"*"</c> template key is not a group).</summary>
    public static AdaptiveGroups Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
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

        return new AdaptiveGroups(groups);
    }

    /// <summary>The channel names of group <paramref name="name"/>, in configured order.</summary>
    public bool TryGetMembers(string name, out IReadOnlyList<string> members) => groups.TryGetValue(name, out members!);
}
