using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// The fenced blocks of docs/cluster.md's quickstart, each found after its <c>&lt;!-- quickstart:NAME --&gt;</c> marker, so
/// the suite runs what the document says instead of a copy that could drift from it.
/// </summary>
internal sealed partial class QuickstartDocument
{
    private readonly string text;

    private QuickstartDocument(string text) => this.text = text;

    public static QuickstartDocument Cluster { get; } = new(File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "cluster.md")));

    /// <summary>The body of the fenced block after <c>&lt;!-- quickstart:<paramref name="name"/> --&gt;</c>.</summary>
    public string Block(string name)
    {
        var marker = $"<!-- quickstart:{name} -->";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/cluster.md has no {marker}");
        var match = FencedBlock().Match(text, at + marker.Length);
        Assert.True(match.Success, $"docs/cluster.md has no fenced block after {marker}");
        return match.Groups["body"].Value;
    }

    /// <summary>The non-empty lines of <see cref="Block"/>.</summary>
    public IReadOnlyList<string> Lines(string name) =>
        Block(name).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"\G\s*```[a-z]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
