using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// The deployment files (Dockerfile, docker-compose.yml, deploy/haproxy.cfg, k8s/ base and overlays) checked against the
/// node they deploy: no container runtime or Kubernetes runs here, so what can drift — ports, setting names, labels,
/// probe paths, grace periods — is read from the files and compared with hocon/ and a running node.
/// </summary>
public sealed partial class DeploymentManifestTests(ITestOutputHelper output)
{
    private static readonly string Base = Path.Combine(DeploymentFiles.K8s, "base");

    private static readonly string[] Overlays = Directory.GetDirectories(Path.Combine(DeploymentFiles.K8s, "overlays")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Values for the required substitutions of the node files, as the deployments set them.</summary>
    private static readonly Dictionary<string, string> Required = new(StringComparer.Ordinal)
    {
        ["AIRWAVE__CLUSTER__DATABASE"] = "Host=db;Username=airwave;Database=airwave",
        ["AIRWAVE__CLUSTER__SECRET"] = "a-cluster-secret-of-enough-length",
    };

    [Fact]
    public void Every_manifest_parses_and_says_what_it_is()
    {
        var documents = DeploymentFiles.KubernetesDocuments();
        Assert.NotEmpty(documents);
        foreach (var (file, document) in documents)
        {
            Assert.False(string.IsNullOrEmpty(document.Text("apiVersion")), $"{file}: a document without apiVersion");
            Assert.False(string.IsNullOrEmpty(document.Kind()), $"{file}: a document without kind");
            if (document.Kind() != "Kustomization")
            {
                Assert.False(string.IsNullOrEmpty(document.Name()), $"{file}: a {document.Kind()} without metadata.name");
            }
        }

        Assert.Contains(documents, d => d.File == Path.Combine("k8s", "base", "kustomization.yaml"));
        Assert.Equal(["dev", "prod"], Overlays.Select(Path.GetFileName));
        output.WriteLine($"{documents.Count} documents in {documents.Select(d => d.File).Distinct().Count()} files");
    }

    [Fact]
    public void Kustomizations_refer_only_to_files_and_objects_that_exist()
    {
        foreach (var directory in Overlays.Prepend(Base))
        {
            var name = Path.GetRelativePath(RepoLayout.Root, directory);
            var kustomization = DeploymentFiles.Kustomization(directory);
            foreach (var resource in kustomization.Strings("resources"))
            {
                var path = Path.Combine(directory, resource);
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{name}: resource {resource} does not exist");
            }

            foreach (var file in kustomization.Items("configMapGenerator").SelectMany(g => g.Strings("files")))
            {
                Assert.True(File.Exists(Path.Combine(directory, file)), $"{name}: configMapGenerator file {file} does not exist");
            }

            var objects = DeploymentFiles.Resources(directory);
            foreach (var patch in kustomization.Items("patches"))
            {
                // A patch that names no object of the build would fail `kustomize build`, or worse, patch nothing.
                var targets = patch.Text("path") is { } path
                    ? DeploymentFiles.Documents(Path.Combine(directory, path)).Select(d => (Kind: d.Kind(), Name: d.Name())).ToList()
                    : [(Kind: patch.Text("target", "kind") ?? "", Name: patch.Text("target", "name") ?? "")];
                foreach (var (kind, objectName) in targets)
                {
                    Assert.True(objects.Any(o => o.Kind() == kind && o.Name() == objectName), $"{name}: a patch targets {kind}/{objectName}, which the build does not contain");
                }
            }
        }
    }

    [Fact]
    public void The_config_map_carries_the_node_files_byte_for_byte()
    {
        var files = DeploymentFiles.Kustomization(Base).Items("configMapGenerator").Single(g => g.Text("name") == "airwave-config").Strings("files").ToList();
        Assert.Equal(["master.conf", "slave.conf"], files);
        foreach (var file in files)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(DeploymentFiles.Hocon, file)) == File.ReadAllText(Path.Combine(Base, file)),
                $"k8s/base/{file} differs from hocon/{file}: copy hocon/{file} over it (kustomize reads files only below k8s/base)");
        }
    }

    [Fact]
    public void Master_and_slave_files_have_their_roles_and_the_same_channels()
    {
        var (master, masterUnknown) = DeploymentFiles.NodeConfiguration(Path.Combine(DeploymentFiles.Hocon, "master.conf"), Required);
        var (slave, slaveUnknown) = DeploymentFiles.NodeConfiguration(Path.Combine(DeploymentFiles.Hocon, "slave.conf"), Required);
        Assert.Empty(masterUnknown);
        Assert.Empty(slaveUnknown);
        Assert.Equal(["master"], Roles(master));
        Assert.Equal(["slave"], Roles(slave));
        // A slave relays the channels it knows: a channel configured on the masters only would never be served.
        Assert.Equal(Channels(master), Channels(slave));
        Assert.Contains(Channels(master), c => c.Key == "airwave:channels:live:name");
        foreach (var configuration in new[] { master, slave })
        {
            Assert.Equal(8000, configuration.Int("airwave:http:port"));
            Assert.Equal(9110, configuration.Int("airwave:admin:port"));
            Assert.Equal(8110, configuration.Int("airwave:cluster:port"));
            Assert.Equal("0.0.0.0", configuration["airwave:admin:bind"]);
            Assert.Empty(configuration.GetSection("airwave:cluster:seed-nodes").GetChildren());
        }

        // Without the database the node would start standalone beside the cluster: the files make it required.
        foreach (var file in new[] { "master.conf", "slave.conf" })
        {
            var missing = Assert.Throws<Airwave.Hocon.HoconException>(() =>
                DeploymentFiles.NodeConfiguration(Path.Combine(DeploymentFiles.Hocon, file), new Dictionary<string, string> { ["AIRWAVE__CLUSTER__SECRET"] = "s" }));
            Assert.Contains("AIRWAVE__CLUSTER__DATABASE", missing.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_AIRWAVE_variable_of_every_deployment_names_a_real_setting()
    {
        var checkedVariables = 0;
        foreach (var workload in Workload.All())
        {
            var (_, unknown) = DeploymentFiles.NodeConfiguration(NodeFileOf(workload), workload.Environment);
            Assert.True(unknown.Count == 0, $"{workload.Kind}/{workload.Name}: the node would refuse {string.Join(", ", unknown.Select(u => u.Key))}");
            checkedVariables += workload.Environment.Keys.Count(k => k.StartsWith("AIRWAVE__", StringComparison.Ordinal));
        }

        var image = DeploymentFiles.DockerfileEnvironment();
        foreach (var (service, nodeFile, environment) in ComposeNodes())
        {
            var variables = new Dictionary<string, string>(image);
            foreach (var (key, value) in environment)
            {
                variables[key] = value;
            }

            var (_, unknown) = DeploymentFiles.NodeConfiguration(nodeFile, variables);
            Assert.True(unknown.Count == 0, $"docker-compose.yml service {service}: the node would refuse {string.Join(", ", unknown.Select(u => u.Key))}");
            checkedVariables += variables.Keys.Count(k => k.StartsWith("AIRWAVE__", StringComparison.Ordinal));
        }

        Assert.True(checkedVariables > 20, $"only {checkedVariables} variables found: the files were not read");
        output.WriteLine($"{checkedVariables} AIRWAVE__ variables checked");
    }

    [Fact]
    public void Secret_keys_the_pods_read_are_generated_in_dev_and_documented_for_prod()
    {
        var referenced = Workload.All()
            .SelectMany(w => w.Container.Items("env"))
            .Where(e => e.At("valueFrom", "secretKeyRef") is not null)
            .Select(e => (Name: e.Text("valueFrom", "secretKeyRef", "name")!, Key: e.Text("valueFrom", "secretKeyRef", "key")!))
            .ToHashSet();
        Assert.NotEmpty(referenced);
        var generator = DeploymentFiles.Kustomization(Overlays.Single(o => o.EndsWith("dev", StringComparison.Ordinal))).Items("secretGenerator").Single();
        var literals = generator.Strings("literals").Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var deployDoc = File.ReadAllText(Path.Combine(RepoLayout.Root, "docs", "deploy.md"));
        foreach (var (name, key) in referenced)
        {
            Assert.Equal(generator.Text("name"), name);
            Assert.Contains(key, literals);
            Assert.Contains($"--from-literal={key}=", deployDoc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ports_match_the_node_files_in_every_deployment()
    {
        var (configuration, _) = DeploymentFiles.NodeConfiguration(Path.Combine(DeploymentFiles.Hocon, "master.conf"), Required);
        var (http, admin, akka) = (configuration.Int("airwave:http:port"), configuration.Int("airwave:admin:port"), configuration.Int("airwave:cluster:port"));

        var workloads = Workload.All();
        foreach (var workload in workloads)
        {
            var (node, _) = DeploymentFiles.NodeConfiguration(NodeFileOf(workload), workload.Environment);
            var expected = new Dictionary<string, int>
            {
                ["listeners"] = node.Int("airwave:http:port"),
                ["admin"] = node.Int("airwave:admin:port"),
                ["akka"] = node.Int("airwave:cluster:port"),
            };
            Assert.Equal(expected.OrderBy(p => p.Key), workload.Ports.OrderBy(p => p.Key));
        }

        var services = DeploymentFiles.Resources(Base).Where(o => o.Kind() == "Service").ToList();
        foreach (var service in services)
        {
            var selected = workloads.Where(w => w.IsSelectedBy(service.Map("spec", "selector"))).ToList();
            Assert.True(selected.Count > 0, $"Service {service.Name()} selects no pod");
            foreach (var port in service.Items("spec", "ports"))
            {
                var target = port.Text("targetPort") ?? port.Text("port")!;
                foreach (var workload in selected)
                {
                    Assert.True(
                        workload.Ports.ContainsKey(target) || workload.Ports.ContainsValue(int.Parse(target, CultureInfo.InvariantCulture)),
                        $"Service {service.Name()} sends port {port.Text("port")} to {target}, which {workload.Name}'s container does not have");
                }
            }
        }

        // Listeners reach the slaves and sources the masters on the listener port, from outside the cluster.
        foreach (var (role, serviceName) in new[] { ("slave", "airwave-listeners"), ("master", "airwave-sources") })
        {
            var service = services.Single(s => s.Name() == serviceName);
            Assert.Equal("LoadBalancer", service.Text("spec", "type"));
            Assert.Equal(http.ToString(CultureInfo.InvariantCulture), service.Items("spec", "ports").Single().Text("port"));
            Assert.All(workloads.Where(w => w.IsSelectedBy(service.Map("spec", "selector"))), w => Assert.Equal(role, Role(w)));
        }

        var headless = services.Single(s => s.Text("spec", "clusterIP") == "None");
        Assert.Contains(headless.Items("spec", "ports"), p => p.Text("targetPort") == "akka" && p.Text("port") == akka.ToString(CultureInfo.InvariantCulture));

        var instructions = DeploymentFiles.DockerfileInstructions();
        var exposed = instructions.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => int.Parse(p, CultureInfo.InvariantCulture));
        Assert.Equal(new[] { http, admin, akka }.Order(), exposed.Order());
        Assert.Equal(admin, HealthcheckUrl().Port);

        var balancer = DeploymentFiles.Compose().Map("services", "balancer", "environment");
        foreach (var (name, value) in balancer.Where(v => Regex.IsMatch(v.Key, "^(SLAVE|MASTER)_[0-9]+$")))
        {
            // host:port of a compose service running the matching node file, on its listener port.
            var colon = value.LastIndexOf(':');
            Assert.Equal(http, int.Parse(value[(colon + 1)..], CultureInfo.InvariantCulture));
            var (_, nodeFile, _) = ComposeNodes().Single(n => n.Service == value[..colon]);
            Assert.Equal(name.StartsWith("SLAVE", StringComparison.Ordinal) ? "slave.conf" : "master.conf", Path.GetFileName(nodeFile));
            Assert.Equal(admin.ToString(CultureInfo.InvariantCulture), balancer[name + "_ADMIN_PORT"]);
        }
    }

    [Fact]
    public async Task The_haproxy_config_is_valid_and_compose_sets_every_variable_it_expands()
    {
        var balancer = DeploymentFiles.Compose().Map("services", "balancer", "environment");
        var variables = DeploymentFiles.HaproxyVariables();
        Assert.Equal(variables.Order(StringComparer.Ordinal), balancer.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro", DeploymentFiles.Compose().Strings("services", "balancer", "volumes"));

        // Compose's names resolve only inside its network: check with loopback addresses in their place.
        var environment = balancer.ToDictionary(
            v => v.Key,
            v => v.Key.EndsWith("_BIND", StringComparison.Ordinal) ? "127.0.0.1:" + FreePorts.Next().ToString(CultureInfo.InvariantCulture)
                : Regex.IsMatch(v.Key, "^(SLAVE|MASTER)_[0-9]+$") ? "127.0.0.1" + v.Value[v.Value.LastIndexOf(':')..]
                : v.Value);
        var check = await ChildProcess.RunAsync(DeploymentFiles.Haproxy, ["-c", "-f", DeploymentFiles.HaproxyConfig], TimeSpan.FromSeconds(30), environment: environment);
        output.WriteLine(check.Output);
        Assert.True(check.ExitCode == 0, $"haproxy -c failed: {check.Output}");
    }

    [Fact]
    public void Labels_and_selectors_agree_across_workloads_services_budgets_and_the_autoscaler()
    {
        var objects = DeploymentFiles.Resources(Base);
        var workloads = Workload.All();
        foreach (var workload in workloads)
        {
            var selector = workload.Document.Map("spec", "selector", "matchLabels");
            Assert.True(workload.IsSelectedBy(selector), $"{workload.Name}'s selector does not match its pod template's labels");
            Assert.Equal(workload.Document.Map("metadata", "labels"), workload.PodLabels);
            Assert.Single(workloads, w => w.IsSelectedBy(selector));
            Assert.Equal(Role(workload), workload.PodLabels["app.kubernetes.io/component"]);
        }

        var budgets = objects.Where(o => o.Kind() == "PodDisruptionBudget").ToList();
        foreach (var workload in workloads)
        {
            var budget = Assert.Single(budgets, b => workload.IsSelectedBy(b.Map("spec", "selector", "matchLabels")));
            Assert.Equal("1", budget.Text("spec", "maxUnavailable"));
        }

        Assert.All(budgets, b => Assert.Single(workloads, w => w.IsSelectedBy(b.Map("spec", "selector", "matchLabels"))));

        var autoscaler = objects.Single(o => o.Kind() == "HorizontalPodAutoscaler");
        var scaled = workloads.Single(w => w.Kind == autoscaler.Text("spec", "scaleTargetRef", "kind") && w.Name == autoscaler.Text("spec", "scaleTargetRef", "name"));
        Assert.Equal("slave", Role(scaled));
        // Utilization is a share of the request: without one the autoscaler has nothing to compute.
        Assert.NotNull(scaled.Container.Text("resources", "requests", "cpu"));

        var master = workloads.Single(w => w.Kind == "StatefulSet");
        var governing = objects.Single(o => o.Kind() == "Service" && o.Name() == master.Document.Text("spec", "serviceName"));
        Assert.Equal("None", governing.Text("spec", "clusterIP"));
        Assert.True(master.IsSelectedBy(governing.Map("spec", "selector")));

        // Least privilege: the pods' ServiceAccount exists, has no API token mounted and no role bound to it.
        var account = objects.Single(o => o.Kind() == "ServiceAccount");
        Assert.Equal("false", account.Text("automountServiceAccountToken"));
        Assert.All(workloads, w => Assert.Equal(account.Name(), w.PodSpec.Text("serviceAccountName")));
        Assert.All(workloads, w => Assert.Equal("false", w.PodSpec.Text("automountServiceAccountToken")));
        Assert.DoesNotContain(DeploymentFiles.KubernetesDocuments(), d => d.Document.Kind() is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding");
    }

    [Fact]
    public void Probes_ask_the_admin_port_and_the_grace_periods_cover_the_drain()
    {
        foreach (var workload in Workload.All())
        {
            var (node, _) = DeploymentFiles.NodeConfiguration(NodeFileOf(workload), workload.Environment);
            foreach (var (probe, path) in new[] { ("readinessProbe", "/ready"), ("livenessProbe", "/healthz"), ("startupProbe", "/healthz") })
            {
                Assert.Equal(path, workload.Container.Text(probe, "httpGet", "path"));
                Assert.Equal(node.Int("airwave:admin:port"), workload.Ports[workload.Container.Text(probe, "httpGet", "port")!]);
            }

            // docs/cluster.md: at least drain-delay + drain-timeout + 30 s, or the pod is killed mid-drain.
            var drainDelay = node.Duration("airwave:sessions:drain-delay");
            var needed = drainDelay + node.Duration("airwave:sessions:drain-timeout") + TimeSpan.FromSeconds(30);
            var grace = TimeSpan.FromSeconds(int.Parse(workload.PodSpec.Text("terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture));
            Assert.True(grace >= needed, $"{workload.Name}: terminationGracePeriodSeconds {grace.TotalSeconds} < {needed.TotalSeconds}");
            if (Role(workload) == "slave")
            {
                // The Service must have seen /ready fail before the slave closes its listeners, or they come back to it.
                var period = TimeSpan.FromSeconds(int.Parse(workload.Container.Text("readinessProbe", "periodSeconds")!, CultureInfo.InvariantCulture));
                Assert.True(period <= drainDelay, $"{workload.Name}: readiness period {period.TotalSeconds}s exceeds drain-delay {drainDelay.TotalSeconds}s");
            }
        }

        var image = DeploymentFiles.DockerfileEnvironment();
        foreach (var (service, nodeFile, environment) in ComposeNodes())
        {
            var (node, _) = DeploymentFiles.NodeConfiguration(nodeFile, image.Concat(environment).GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value));
            var needed = node.Duration("airwave:sessions:drain-delay") + node.Duration("airwave:sessions:drain-timeout") + TimeSpan.FromSeconds(30);
            var grace = Airwave.Hocon.Values.HoconDuration.Parse(DeploymentFiles.Compose().Text("services", service, "stop_grace_period") ?? "10s");
            Assert.True(grace >= needed, $"docker-compose.yml {service}: stop_grace_period {grace.TotalSeconds}s < {needed.TotalSeconds}s");
        }

        // HAProxy's checks must notice a draining slave within its drain-delay, as the readiness probe does.
        var (slave, _) = DeploymentFiles.NodeConfiguration(Path.Combine(DeploymentFiles.Hocon, "slave.conf"), Required);
        var intervals = CheckInterval().Matches(File.ReadAllText(DeploymentFiles.HaproxyConfig)).Select(m => TimeSpan.FromSeconds(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(intervals);
        Assert.All(intervals, i => Assert.True(i < slave.Duration("airwave:sessions:drain-delay")));
    }

    [Fact]
    public void The_image_builds_in_the_sdk_and_runs_airwave_serve_as_a_non_root_user_with_ffmpeg()
    {
        var instructions = DeploymentFiles.DockerfileInstructions();
        var stages = instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", stages[0], StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", stages[1]);
        var runtime = instructions.SkipWhile(i => i.Arguments != stages[1]).ToList();
        Assert.Contains(runtime, i => i.Keyword == "RUN" && Regex.IsMatch(i.Arguments, @"apt-get install [^&]*\bffmpeg\b"));
        Assert.Contains(instructions.TakeWhile(i => i.Arguments != stages[1]), i => i.Keyword == "RUN" && Regex.IsMatch(i.Arguments, @"apt-get install [^&]*\bnpm\b"));
        var user = runtime.Last(i => i.Keyword == "USER").Arguments;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);

        // The executable is the node project's assembly, published into /app.
        var assembly = Regex.Match(File.ReadAllText(Path.Combine(RepoLayout.Root, "src", "Airwave.Node", "Airwave.Node.csproj")), "<AssemblyName>(.+)</AssemblyName>").Groups[1].Value;
        Assert.Equal($"[\"/app/{assembly}\"]", runtime.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Equal("[\"serve\"]", runtime.Single(i => i.Keyword == "CMD").Arguments);
        Assert.Contains(instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/Airwave.Node/Airwave.Node.csproj -c Release -o /app", StringComparison.Ordinal));
        Assert.Equal("/healthz", HealthcheckUrl().AbsolutePath);

        // Compose and Kubernetes run the same entry point with a mounted node file.
        foreach (var (service, nodeFile, _) in ComposeNodes())
        {
            Assert.True(File.Exists(nodeFile), $"{service} mounts {nodeFile}, which does not exist");
        }

        Assert.All(Workload.All(), w => Assert.Equal("serve", w.Container.Strings("args").First()));
        Assert.True(File.Exists(Path.Combine(RepoLayout.Root, ".dockerignore")));
    }

    /// <summary>
    /// Every health path a deployment asks (probes, HEALTHCHECK, HAProxy's checks) answers 200 on a master started from
    /// hocon/master.conf with the image's runtime environment; and that environment reaches the process: glibc made no more
    /// arenas than <c>MALLOC_ARENA_MAX</c> allows with the main heap (with the value raised to 64, this node had 22 by then).
    /// </summary>
    [Fact]
    public async Task Every_probe_path_answers_on_a_running_cluster_node()
    {
        var paths = Workload.All()
            .SelectMany(w => new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => w.Container.Text(p, "httpGet", "path")!))
            .Append(HealthcheckUrl().AbsolutePath)
            .Concat(HttpCheck().Matches(File.ReadAllText(DeploymentFiles.HaproxyConfig)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["/healthz", "/ready"], paths.Order(StringComparer.Ordinal));

        await using var database = new ClusterDatabase();
        await using var node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = await File.ReadAllTextAsync(Path.Combine(DeploymentFiles.Hocon, "master.conf")),
            Environment = new Dictionary<string, string>(database.NodeEnvironment().Concat(DeploymentFiles.ImageRuntimeEnvironment())) { ["AIRWAVE__ADMIN__BIND"] = "127.0.0.1" },
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{node.AdminPort}{path}"));
            output.WriteLine($"{path}: {(int)response.StatusCode}");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // And the node really is the cluster member the file describes, not a standalone node.
        var status = await node.GetAdminJsonAsync("api/cluster/members");
        output.WriteLine(status.ToString());
        Assert.Contains("master", status.ToString(), StringComparison.Ordinal);

        var arenas = MallocArenas.Count(node.Pid ?? throw new InvalidOperationException("the node exited"));
        output.WriteLine($"malloc arenas: {arenas}");
        Assert.InRange(arenas, 0, int.Parse(DeploymentFiles.ImageRuntimeEnvironment()["MALLOC_ARENA_MAX"], CultureInfo.InvariantCulture) - 1);
    }

    private static List<string> Roles(IConfiguration configuration) =>
        configuration.GetSection("airwave:cluster:roles").GetChildren().Select(r => r.Value ?? "").ToList();

    private static List<KeyValuePair<string, string?>> Channels(IConfiguration configuration) =>
        configuration.GetSection("airwave:channels").AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    private static string Role(Workload workload) =>
        Assert.Single(Roles(DeploymentFiles.NodeConfiguration(NodeFileOf(workload), workload.Environment).Configuration));

    /// <summary>The node file a workload runs: its <c>--config</c> path must be a file of the ConfigMap mounted at that directory.</summary>
    private static string NodeFileOf(Workload workload)
    {
        var path = workload.ConfigPath;
        var mount = workload.Container.Items("volumeMounts").Single(m => m.Text("mountPath") == Path.GetDirectoryName(path));
        var volume = workload.PodSpec.Items("volumes").Single(v => v.Text("name") == mount.Text("name"));
        var configMap = volume.Text("configMap", "name");
        var generated = DeploymentFiles.Kustomization(Base).Items("configMapGenerator").Single(g => g.Text("name") == configMap);
        Assert.Contains(Path.GetFileName(path), generated.Strings("files"));
        return Path.Combine(Base, Path.GetFileName(path));
    }

    /// <summary>The compose services that run a node: their name, the node file mounted at their <c>--config</c> path, and their environment.</summary>
    private static List<(string Service, string NodeFile, Dictionary<string, string> Environment)> ComposeNodes()
    {
        var services = (YamlMappingNode)DeploymentFiles.Compose().At("services")!;
        var nodes = new List<(string, string, Dictionary<string, string>)>();
        foreach (var (key, service) in services.Children)
        {
            var command = service.Strings("command").ToList();
            if (command.IndexOf("--config") is not (>= 0 and var index))
            {
                continue;
            }

            var mounted = service.Strings("volumes").Select(v => v.Split(':')).Single(v => v.Length >= 2 && v[1] == command[index + 1]);
            nodes.Add((((YamlScalarNode)key).Value!, Path.GetFullPath(Path.Combine(RepoLayout.Root, mounted[0])), service.Map("environment")));
        }

        Assert.Equal(4, nodes.Count);
        return nodes;
    }

    private static Uri HealthcheckUrl()
    {
        var healthcheck = DeploymentFiles.DockerfileInstructions().Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        return new Uri(Regex.Match(healthcheck, @"http://[^""\s]+").Value);
    }

    [GeneratedRegex(@"\binter (\d+)s\b")]
    private static partial Regex CheckInterval();

    [GeneratedRegex(@"option httpchk GET (\S+)")]
    private static partial Regex HttpCheck();
}
