using YamlDotNet.RepresentationModel;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// A Deployment or StatefulSet of <c>k8s/base</c> and its <c>airwave</c> container, with the environment variables the
/// overlays' patches add to it, so every variable a pod of any overlay may get is judged.
/// </summary>
internal sealed record Workload(YamlMappingNode Document, YamlNode Container, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Stands for a value Kubernetes fills in (a Secret key, the pod's IP or name).</summary>
    public const string FilledIn = "filled-in-by-kubernetes";

    public string Kind => Document.Kind();

    public string Name => Document.Name();

    public Dictionary<string, string> PodLabels => Document.Map("spec", "template", "metadata", "labels");

    public YamlNode PodSpec => Document.At("spec", "template", "spec")!;

    /// <summary>The container's named ports: name → containerPort.</summary>
    public Dictionary<string, int> Ports => Container.Items("ports").ToDictionary(
        p => p.Text("name") ?? "",
        p => int.Parse(p.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture),
        StringComparer.Ordinal);

    /// <summary>The value after <c>--config</c> in the container's arguments.</summary>
    public string ConfigPath
    {
        get
        {
            var args = Container.Strings("args").ToList();
            var index = args.IndexOf("--config");
            Assert.True(index >= 0 && index + 1 < args.Count, $"{Name} runs `{string.Join(' ', args)}`, without --config FILE");
            return args[index + 1];
        }
    }

    /// <summary>True when every pair of <paramref name="selector"/> is one of the pod template's labels.</summary>
    public bool IsSelectedBy(IReadOnlyDictionary<string, string> selector) =>
        selector.Count > 0 && selector.All(s => PodLabels.TryGetValue(s.Key, out var value) && value == s.Value);

    public static IReadOnlyList<Workload> All()
    {
        var baseObjects = DeploymentFiles.Resources(Path.Combine(DeploymentFiles.K8s, "base"));
        var patches = Directory.EnumerateDirectories(Path.Combine(DeploymentFiles.K8s, "overlays"))
            .SelectMany(overlay => DeploymentFiles.Kustomization(overlay).Items("patches")
                .Select(p => p.Text("path"))
                .OfType<string>()
                .SelectMany(path => DeploymentFiles.Documents(Path.Combine(overlay, path))))
            .ToList();
        return baseObjects.Where(o => o.Kind() is "Deployment" or "StatefulSet").Select(o =>
        {
            var container = o.Items("spec", "template", "spec", "containers").Single(c => c.Text("name") == "airwave");
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var patched = patches.Where(p => p.Kind() == o.Kind() && p.Name() == o.Name())
                .SelectMany(p => p.Items("spec", "template", "spec", "containers"))
                .Where(c => c.Text("name") == "airwave");
            foreach (var variable in container.Items("env").Concat(patched.SelectMany(c => c.Items("env"))))
            {
                environment[variable.Text("name")!] = variable.Text("value") ?? FilledIn;
            }

            return new Workload(o, container, environment);
        }).ToList();
    }
}
