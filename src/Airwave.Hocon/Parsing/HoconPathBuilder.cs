namespace Airwave.Hocon.Parsing;

/// <summary>Assembles a key path from adjacent quoted and unquoted pieces: dots split unquoted text only.</summary>
internal sealed class HoconPathBuilder
{
    private readonly List<string> segments = [];
    private readonly System.Text.StringBuilder current = new();
    private bool currentHasContent;
    private bool hasEmptySegment;

    public bool IsEmpty => segments.Count == 0 && !currentHasContent;

    public void AppendUnquoted(string text)
    {
        var parts = text.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                EndSegment();
            }

            if (parts[i].Length > 0)
            {
                current.Append(parts[i]);
                currentHasContent = true;
            }
        }
    }

    public void AppendQuoted(string text)
    {
        current.Append(text);
        currentHasContent = true;
    }

    /// <summary>Returns the segments, or throws when a dot left a segment empty (<c>a..b</c>, <c>.a</c>, <c>a.</c>).</summary>
    public IReadOnlyList<string> Build(SourcePosition position, string rawText)
    {
        EndSegment();
        if (hasEmptySegment)
        {
            throw new HoconException(position, $"invalid key path \"{rawText}\": a dot must separate two non-empty keys (quote keys that contain dots)");
        }

        return segments.ToArray();
    }

    private void EndSegment()
    {
        if (!currentHasContent)
        {
            hasEmptySegment = true;
        }

        segments.Add(current.ToString());
        current.Clear();
        currentHasContent = false;
    }
}
