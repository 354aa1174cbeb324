using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.Hocon;
using Airwave.Hocon.Configuration;
using Airwave.Hocon.Validation;
using Airwave.IntegrationTests.Harness;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// The repository's deployment files as the tests read them: every YAML document under <c>k8s/</c>, <c>docker-compose.yml</c>,
/// the <c>Dockerfile</c>'s instructions and <c>deploy/haproxy.cfg</c>, plus the node's configuration pipeline to judge them by.
/// </summary>
internal static partial class DeploymentFiles
{
    public static string K8s { get; } = Path.Combine(RepoLayout.Root, "k8s");

    public static string Hocon { get; } = Path.Combine(RepoLayout.Root, "hocon");

    public static string HaproxyConfig { get; } = Path.Combine(RepoLayout.Root, "deploy", "haproxy.cfg");

    /// <summary>Debian's HAProxy (scripts/install-test-deps.sh): in /usr/sbin, which is not on a normal user's PATH.</summary>
    public static string Haproxy { get; } = File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    /// <summary>Every document of every YAML file under <c>k8s/</c>, with the file it came from.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Document)> KubernetesDocuments() =>
        Directory.EnumerateFiles(K8s, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(file => Documents(file).Select(d => (Path.GetRelativePath(RepoLayout.Root, file), d)))
            .ToList();

    /// <summary>The objects one kustomization directory declares through <c>resources</c>, following directories to their own kustomization.</summary>
    public static IReadOnlyList<YamlMappingNode> Resources(string kustomizationDirectory)
    {
        var kustomization = Kustomization(kustomizationDirectory);
        var objects = new List<YamlMappingNode>();
        foreach (var entry in Strings(kustomization, "resources"))
        {
            var path = Path.GetFullPath(Path.Combine(kustomizationDirectory, entry));
            objects.AddRange(Directory.Exists(path) ? Resources(path) : Documents(path));
        }

        return objects;
    }

    public static YamlMappingNode Kustomization(string directory) =>
        Documents(Path.Combine(directory, "kustomization.yaml")).Single();

    public static YamlMappingNode Compose() => Documents(Path.Combine(RepoLayout.Root, "docker-compose.yml")).Single();

    public static IReadOnlyList<YamlMappingNode> Documents(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<string> Strings(this YamlNode? node, params string[] path) =>
        node.Items(path).OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    /// <summary>A mapping of scalars (labels, selectors, a compose environment) as a dictionary.</summary>
    public static Dictionary<string, string> Map(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => (p.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static string Kind(this YamlNode document) => document.Text("kind") ?? "";

    public static string Name(this YamlNode document) => document.Text("metadata", "name") ?? "";

    /// <summary>The Dockerfile's instructions, continuation lines joined and comments dropped, each with its keyword upper-cased.</summary>
    public static IReadOnlyList<(string Keyword, string Arguments)> DockerfileInstructions()
    {
        var instructions = new List<(string, string)>();
        var current = "";
        foreach (var raw in File.ReadLines(Path.Combine(RepoLayout.Root, "Dockerfile")))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var space = current.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((current[..space].ToUpperInvariant(), current[(space + 1)..].Trim()));
            current = "";
        }

        return instructions;
    }

    /// <summary>The variables the Dockerfile's <c>ENV</c> instructions set in the image.</summary>
    public static IReadOnlyDictionary<string, string> DockerfileEnvironment() =>
        DockerfileInstructions().Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>
    /// The image's settings for the runtime under the node (glibc's, .NET's): its variables less the node's own
    /// (<c>AIRWAVE__</c>, which each test sets for its ports and data) and <c>PATH</c>. A node started here with them runs as
    /// it does in the image.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImageRuntimeEnvironment() =>
        DockerfileEnvironment().Where(v => !v.Key.StartsWith("AIRWAVE__", StringComparison.Ordinal) && v.Key != "PATH")
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>The variables <c>deploy/haproxy.cfg</c> expands (<c>"${NAME}"</c>).</summary>
    public static IReadOnlySet<string> HaproxyVariables() =>
        HaproxyVariable().Matches(File.ReadAllText(HaproxyConfig)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What a node started with <c>--config <paramref name="nodeFile"/></c> and these variables would run on: the same
    /// pipeline as the node (reference.conf under the file, <c>AIRWAVE__*</c> over both, <c>${VAR}</c> from the
    /// variables), and the keys the node's unknown-key check would stop it for.
    /// </summary>
    public static (IConfigurationRoot Configuration, IReadOnlyList<UnknownConfigurationKey> Unknown) NodeConfiguration(
        string nodeFile, IReadOnlyDictionary<string, string> variables)
    {
        var reference = Path.Combine(Hocon, "reference.conf");
        var options = new HoconLoadOptions { Environment = name => variables.TryGetValue(name, out var value) ? value : null };
        var configuration = new ConfigurationBuilder()
            .AddHoconFileWithFallback(nodeFile, reference, options)
            .AddAirwaveEnvironment(variables: variables.Where(v => v.Key.StartsWith("AIRWAVE__", StringComparison.Ordinal)).ToDictionary())
            .Build();
        return (configuration, UnknownKeyValidator.Validate(HoconLoader.LoadFile(reference, options), configuration));
    }

    public static int Int(this IConfiguration configuration, string key) =>
        int.Parse(configuration[key] ?? throw new KeyNotFoundException(key), CultureInfo.InvariantCulture);

    public static TimeSpan Duration(this IConfiguration configuration, string key) =>
        Airwave.Hocon.Values.HoconDuration.Parse(configuration[key] ?? throw new KeyNotFoundException(key));

    [GeneratedRegex(@"""\$\{([A-Z0-9_]+)\}""")]
    private static partial Regex HaproxyVariable();
}
