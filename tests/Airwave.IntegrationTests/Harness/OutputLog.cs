using System.Text;

namespace Airwave.IntegrationTests.Harness;

/// <summary>The lines a child process printed, kept so a failing test can show them.</summary>
internal sealed class OutputLog
{
    private readonly List<string> lines = [];
    private readonly Lock gate = new();

    /// <summary>How many lines there are now; pass it to <see cref="Since"/> later.</summary>
    public int Mark
    {
        get
        {
            lock (gate)
            {
                return lines.Count;
            }
        }
    }

    public string Text => Since(0);

    public void Append(string line)
    {
        lock (gate)
        {
            lines.Add(line);
        }
    }

    public bool Contains(string text)
    {
        lock (gate)
        {
            return lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>The lines after <paramref name="mark"/>, at most the last <paramref name="maxLines"/>.</summary>
    public string Since(int mark, int maxLines = 400)
    {
        lock (gate)
        {
            var from = Math.Max(mark, lines.Count - maxLines);
            var text = new StringBuilder();
            if (from > mark)
            {
                text.Append("... (").Append(from - mark).AppendLine(" earlier lines)");
            }

            for (var i = from; i < lines.Count; i++)
            {
                text.AppendLine(lines[i]);
            }

            return text.ToString();
        }
    }
}
