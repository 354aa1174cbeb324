using Airwave.Hocon.Parsing;
using Airwave.Hocon.Tree;

namespace Airwave.Hocon;

/// <summary>Entry point: reads HOCON files or text into one resolved tree, positions kept on every value.</summary>
public static class HoconLoader
{
    /// <summary>Reads, merges in order (later files win) and resolves one or more files; substitutions see the merged tree.</summary>
    /// <exception cref="HoconException">A file is missing or malformed, or a substitution cannot be resolved.</exception>
    public static HoconObject LoadFiles(IEnumerable<string> paths, HoconLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var reader = new HoconDocumentReader();
        var documents = paths.Select(path => reader.ReadFile(path)).ToList();
        return Build(documents, options);
    }

    /// <summary>Reads and resolves one file.</summary>
    /// <exception cref="HoconException">The file is missing or malformed, or a substitution cannot be resolved.</exception>
    public static HoconObject LoadFile(string path, HoconLoadOptions? options = null) => LoadFiles([path], options);

    /// <summary>Parses and resolves HOCON text; <paramref name="sourceName"/> names it in positions and errors.</summary>
    /// <exception cref="HoconException">The text is malformed or a substitution cannot be resolved.</exception>
    public static HoconObject Parse(string text, string sourceName = "<text>", HoconLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = new HoconDocumentReader().ReadText(text, sourceName, options?.BaseDirectory ?? "");
        return Build([document], options);
    }

    private static HoconObject Build(List<ObjectSyntax> documents, HoconLoadOptions? options)
    {
        var builder = new HoconTreeBuilder(documents.Count > 0 ? documents[0].Position : new SourcePosition("<empty>", 1, 1));
        foreach (var document in documents)
        {
            builder.Apply(document);
        }

        var environment = options?.Environment ?? System.Environment.GetEnvironmentVariable;
        return new HoconResolver(builder.Root, environment).ResolveRoot();
    }
}
