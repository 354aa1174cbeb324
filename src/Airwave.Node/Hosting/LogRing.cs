namespace Airwave.Node.Hosting;

/// <summary>The last log lines of the node in memory, for <c>airwave log peek</c>.</summary>
internal sealed class LogRing(int capacity)
{
    private readonly Queue<string> lines = new(capacity);
    private readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Last(int count)
    {
        lock (gate)
        {
            return [.. lines.Skip(Math.Max(0, lines.Count - count))];
        }
    }
}
