using System.Collections.Concurrent;
using System.Text;

namespace Airwave.Streaming.Listeners;

/// <summary>One string for each distinct user agent the node's listeners send, shared by every listener that sent it.</summary>
/// <remarks>
/// <para>
/// A listener keeps its user agent for as long as it listens (its handle, its session, its listen). A node's listeners
/// send few distinct ones (a browser's is 100 to 150 characters, about 300 bytes as a string), so thousands of listeners
/// would otherwise hold thousands of copies of the same few strings. On the listener port the value is looked up from the
/// request's bytes, so a known agent costs no string at all.
/// </para>
/// <para>
/// The table is bounded: agents longer than <see cref="MaxSharedLength"/> are not kept, and when it holds
/// <see cref="MaxShared"/> it starts again empty, so clients sending a new agent each time cannot grow it.
/// </para>
/// </remarks>
public sealed class SharedUserAgents
{
    /// <summary>How many distinct agents are kept before the table starts again.</summary>
    public const int MaxShared = 1024;

    /// <summary>The longest agent kept, in characters; longer ones (rare) are a string of their own.</summary>
    public const int MaxSharedLength = 512;

    private readonly ConcurrentDictionary<string, string> agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> byChars;
    private int kept;

    public SharedUserAgents() => byChars = agents.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many agents are kept now.</summary>
    public int Count => agents.Count;

    /// <summary>The shared string of a header value as it came on the wire (HTTP field values are Latin-1).</summary>
    public string Share(ReadOnlySpan<byte> latin1)
    {
        if (latin1.IsEmpty)
        {
            return "";
        }

        if (latin1.Length > MaxSharedLength)
        {
            return Encoding.Latin1.GetString(latin1);
        }

        // Latin-1 is one character per byte.
        Span<char> chars = stackalloc char[latin1.Length];
        Encoding.Latin1.GetChars(latin1, chars);
        return byChars.TryGetValue(chars, out var known) ? known : Keep(chars.ToString());
    }

    /// <summary>The shared string equal to <paramref name="agent"/> (Kestrel's requests, which already made one).</summary>
    public string Share(string agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.Length == 0 || agent.Length > MaxSharedLength)
        {
            return agent;
        }

        return agents.TryGetValue(agent, out var known) ? known : Keep(agent);
    }

    /// <summary>Keeps a new agent; counted apart, since a concurrent dictionary's count takes all its locks.</summary>
    private string Keep(string agent)
    {
        if (Volatile.Read(ref kept) >= MaxShared)
        {
            agents.Clear();
            Volatile.Write(ref kept, 0);
        }

        if (agents.TryAdd(agent, agent))
        {
            Interlocked.Increment(ref kept);
            return agent;
        }

        return agents.TryGetValue(agent, out var known) ? known : agent;
    }
}
