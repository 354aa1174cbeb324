using System.CommandLine;
using Airwave.Node.Cli;
using Airwave.Node.Hosting;

var cli = new CliContext();
var root = new RootCommand("Airwave: clustered live streaming server (Icecast-compatible, with rewind). `airwave serve` runs a node; the other commands talk to a node's admin API.");
cli.AddTo(root);

var config = new Option<string?>("--config", "-c") { Description = "HOCON config file (default: hocon/standalone.conf beside the executable)" };
var serve = new Command("serve", "Run a node") { config };
serve.SetAction((parse, _) => NodeHost.RunAsync(parse.GetValue(config)));
root.Subcommands.Add(serve);
foreach (var palette in PaletteCommands.Create(cli))
{
    root.Subcommands.Add(palette);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
