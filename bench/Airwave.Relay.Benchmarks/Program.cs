using Airwave.Relay.Benchmarks;
using Akka.Actor;

// Relay transports side by side (issue 11): the HTTP chunk feed the node uses vs Akka.Streams StreamRefs.
//   produce http|streamref PORT
//   consume http|streamref PORT PRODUCER_PID paced FEEDS WARMUP_S SECONDS   -> one JSON line of latency and CPU
//   consume http|streamref PORT PRODUCER_PID bulk CHUNKS                     -> one JSON line of throughput and CPU
//   consume http|streamref PORT PRODUCER_PID until-end IDLE_MS               -> the UTC time (s) the feed ended, and why
// bench/relay-transport/run.sh runs them all and prints the tables of docs/benchmarks.md.
var (role, transport, port) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
if (role == "produce")
{
    await (transport == "http" ? HttpFeed.ProduceAsync(port) : StreamRefFeed.ProduceAsync(port));
    return;
}

var producerPid = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var mode = args[4];
var number = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
var system = transport == "streamref" ? ActorSystem.Create("relaybench", StreamRefFeed.Remoting(0)) : null;
var stats = new FeedStats();
using var stop = new CancellationTokenSource();

Task<string> Open(int feed, int offsetMs, int bulkChunks, TimeSpan idle) => system is null
    ? HttpFeed.ConsumeAsync(http, new Uri(bulkChunks > 0 ? $"http://localhost:{port}/bulk?chunks={bulkChunks}" : $"http://localhost:{port}/feed?offset={offsetMs}"), feed, stats, idle, stop.Token)
    : StreamRefFeed.ConsumeAsync(system, port, new StreamRefFeed.OpenFeed(offsetMs, bulkChunks), feed, stats, idle, stop.Token);

switch (mode)
{
    case "paced":
        var feeds = number;
        var (warmUp, seconds) = (int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture));
        var running = Enumerable.Range(0, feeds).Select(f => Open(f, 500 * f / feeds, 0, TimeSpan.FromSeconds(3))).ToList();
        var (elapsed, consumerCpu, producerCpu) = await Window.MeasureAsync(stats, producerPid, TimeSpan.FromSeconds(warmUp), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(stats.Report(transport, feeds, elapsed, consumerCpu, producerCpu));
        var ended = running.Where(r => r.IsCompleted).Select(r => r.Result).ToList();
        if (ended.Count > 0)
        {
            Console.Error.WriteLine($"{ended.Count} feeds ended early: {ended[0]}");
        }

        break;
    case "bulk":
        var (cpu0, producer0, clock) = (CpuTime.Self(), CpuTime.Of(producerPid), System.Diagnostics.Stopwatch.StartNew());
        stats.Start();
        var end = await Open(0, 0, number, TimeSpan.FromSeconds(10));
        Console.WriteLine(stats.Report(transport, 1, clock.Elapsed, CpuTime.Self() - cpu0, CpuTime.Of(producerPid) - producer0));
        Console.Error.WriteLine("bulk feed: " + end);
        break;
    case "until-end":
        var why = await Open(0, 0, 0, TimeSpan.FromMilliseconds(number));
        Console.WriteLine($"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:0.000} {why}");
        break;
    default:
        throw new ArgumentException("mode is paced, bulk or until-end, not " + mode);
}

await stop.CancelAsync();
if (system is not null)
{
    await system.Terminate();
}
