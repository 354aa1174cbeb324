namespace Airwave.Hocon.Parsing;

/// <summary>Reads documents and the files they include (relative to the including file), refusing include cycles.</summary>
internal sealed class HoconDocumentReader
{
    private readonly List<string> openFiles = [];

    /// <summary>Parses a file; <paramref name="displayPath"/> is how positions name it.</summary>
    public ObjectSyntax ReadFile(string displayPath, SourcePosition? includedFrom = null)
    {
        var fullPath = Path.GetFullPath(displayPath);
        if (openFiles.Contains(fullPath, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", openFiles.Append(fullPath).Select(Path.GetFileName));
            throw new HoconException(includedFrom!.Value, $"include cycle: {chain}");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = $"cannot read \"{displayPath}\": {e.Message}";
            throw includedFrom is { } position ? new HoconException(position, message) : new HoconException(message, e);
        }

        openFiles.Add(fullPath);
        try
        {
            return ReadText(text, displayPath, Path.GetDirectoryName(displayPath) ?? "");
        }
        finally
        {
            openFiles.RemoveAt(openFiles.Count - 1);
        }
    }

    /// <summary>Parses text; includes in it are relative to <paramref name="baseDirectory"/>.</summary>
    public ObjectSyntax ReadText(string text, string displayName, string baseDirectory)
    {
        var tokens = new HoconTokenizer(text, displayName).Tokenize();
        var parser = new HoconParser(tokens, (name, required, position) => Include(baseDirectory, name, required, position));
        return parser.ParseDocument();
    }

    private ObjectSyntax? Include(string baseDirectory, string name, bool required, SourcePosition position)
    {
        var displayPath = Path.IsPathRooted(name) ? name : Path.Combine(baseDirectory, name);
        if (File.Exists(displayPath))
        {
            return ReadFile(displayPath, position);
        }

        return required
            ? throw new HoconException(position, $"required include \"{name}\" not found (looked for {Path.GetFullPath(displayPath)})")
            : null;
    }
}
