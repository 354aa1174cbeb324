namespace Airwave.Hocon;

/// <summary>Assembles a key path from adjacent quoted and unquoted pieces: dots split unquoted text only.</summary>
internal sealed class HoconPathBuilder
{
    private readonly List<string> _segments = [];
    private readonly System.Text.StringBuilder _current = new();
    private bool _currentHasContent;
    private bool _hasEmptySegment;

    public bool IsEmpty => _segments.Count == 0 && !_currentHasContent;

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
                _current.Append(parts[i]);
                _currentHasContent = true;
            }
        }
    }

    public void AppendQuoted(string text)
    {
        _current.Append(text);
        _currentHasContent = true;
    }

    /// <summary>Returns the segments, or throws when a dot left a segment empty (<c>a..b</c>, <c>.a</c>, <c>a.</c>).</summary>
    public IReadOnlyList<string> Build(SourcePosition position, string rawText)
    {
        EndSegment();
        if (_hasEmptySegment)
        {
            throw new HoconException(position, $"invalid key path \"{rawText}\": a dot must separate two non-empty keys (quote keys that contain dots)");
        }

        return _segments.ToArray();
    }

    private void EndSegment()
    {
        if (!_currentHasContent)
        {
            _hasEmptySegment = true;
        }

        _segments.Add(_current.ToString());
        _current.Clear();
        _currentHasContent = false;
    }
}
