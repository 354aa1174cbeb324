#:property PublishAot=false
// Listener load probe that keeps up at 10,000 listeners: ../shared/tools/listeners.py's measurements (connected,
// time to first byte, early disconnects, the server's CPU and peak RSS), but on .NET sockets rather than one Python
// event loop, which saturates a core at 10,000 and then delays the reads it times. It also reports what the Python
// probe cannot: each listener's rate over the steady window, after every listener has connected and been sent its
// burst, so "each listener gets the stream's full rate" can be checked as rate / bitrate, and the server's CPU over that
// window alone (server_cpu_pct_window) beside its CPU over the whole run (server_cpu_pct).
//
// A server that sends once a second (Airwave's send interval) delivers in steps, so each listener's bytes over a fixed
// window moved by a whole send with where its window fell: 6 % in 17 s, differently for each listener. A listener's rate
// is therefore taken from its first read in the window to its last, over the bytes read after the first: what the
// server sent over the time it took. That leaves one chunk's phase (a chunk that arrives just before or after a send),
// the same for every listener of a channel. A server that stalls is still seen: the longest silence of each listener in
// the window, the time after its last read up to the window's end included, is reported too.
//
// With --sid PREFIX, listener i presents the session id PREFIX-i (`?sid=`), so a second run with the same prefix is the
// same listeners coming back (on another node, say), and "resumed" counts the answers that say they resumed a session
// (`X-Airwave-Resumed`).
//
//   dotnet run bench/listener-probe/probe.cs -- --url http://127.0.0.1:8000/demo -n 3000 --ramp 15 --duration 20 [--pid PID] [--settle 3] [--sid PREFIX]
//
// TTFB is also given per second of the ramp (the p99 and maximum of the listeners scheduled in each): a fresh server's
// first listeners meet its first compile and its first database connections, which a p99 over the run hides.
//
// Prints one JSON object. Loopback only; bounded in count (20,000) and time (600 s).
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

var options = Options.Parse(args);
var uri = new Uri(options.Url);
var started = Stopwatch.StartNew();
var rampEnd = options.Ramp;
var windowStart = options.Ramp + options.Settle;
var deadline = options.Ramp + options.Duration;
var cpuBefore = options.Pid is { } p0 ? ServerProcess.CpuSeconds(p0) : 0;
var tasks = new Task<Outcome>[options.Listeners];
for (var i = 0; i < options.Listeners; i++)
{
    var at = TimeSpan.FromSeconds(options.Ramp * i / options.Listeners);
    var path = options.Sid is { } prefix
        ? $"{uri.PathAndQuery}{(uri.Query.Length > 0 ? '&' : '?')}sid={prefix}-{i.ToString(CultureInfo.InvariantCulture)}"
        : uri.PathAndQuery;
    tasks[i] = Task.Run(() => ListenAsync(at, path));
}

var rssPeakKb = 0L;
// The server's CPU from the steady window's start to the run's end, apart from the whole run's: what serving the
// listeners costs once all are connected, without the connections' setup (and, on a fresh server, its first compile of
// that path). Part of the server's work on their hang-ups at the end falls in it, so it is, if anything, high.
(double Cpu, double At)? windowCpu = null;
var all = Task.WhenAll(tasks);
while (!all.IsCompleted)
{
    await Task.WhenAny(all, Task.Delay(500));
    if (options.Pid is { } pid)
    {
        rssPeakKb = Math.Max(rssPeakKb, ServerProcess.RssKb(pid));
        if (windowCpu is null && started.Elapsed.TotalSeconds >= windowStart)
        {
            windowCpu = (ServerProcess.CpuSeconds(pid), started.Elapsed.TotalSeconds);
        }
    }
}

var outcomes = await all;
var cpuEnd = (Cpu: options.Pid is { } p1 ? ServerProcess.CpuSeconds(p1) : 0, At: started.Elapsed.TotalSeconds);
var cpuSeconds = cpuEnd.Cpu - cpuBefore;
var ok = outcomes.Where(o => o.Status == 200).ToArray();
var ttfb = ok.Where(o => o.TtfbMs >= 0).Select(o => o.TtfbMs).Order().ToArray();
var steady = ok.Where(o => !o.ClosedEarly).ToArray();
var rates = steady.Select(o => o.Rate).Order().ToArray();
var gaps = steady.Select(o => o.LongestGap).Order().ToArray();
var report = new Dictionary<string, object?>
{
    ["listeners"] = options.Listeners,
    ["ok"] = ok.Length,
    ["resumed"] = ok.Count(o => o.Resumed),
    ["connect_failed"] = outcomes.Count(o => o.Status == -1),
    ["bad_status"] = outcomes.Count(o => o.Status > 0 && o.Status != 200),
    ["closed_early"] = outcomes.Count(o => o.ClosedEarly),
    ["errors"] = outcomes.Count(o => o.Status == -2),
    ["ttfb_ms_p50"] = Percentile(ttfb, 0.50),
    ["ttfb_ms_p99"] = Percentile(ttfb, 0.99),
    ["ttfb_ms_max"] = ttfb.Length > 0 ? Math.Round(ttfb[^1], 2) : null,
    ["window_s"] = deadline - windowStart,
    ["rate_bytes_per_s_median"] = Percentile(rates, 0.50),
    ["rate_bytes_per_s_p01"] = Percentile(rates, 0.01),
    ["rate_bytes_per_s_min"] = rates.Length > 0 ? Math.Round(rates[0], 2) : null,
    ["gap_s_p99"] = Percentile(gaps, 0.99),
    ["gap_s_max"] = gaps.Length > 0 ? Math.Round(gaps[^1], 2) : null,
    ["ttfb_ms_p99_by_ramp_second"] = TtfbByRampSecond(0.99),
    ["ttfb_ms_max_by_ramp_second"] = TtfbByRampSecond(1.0),
};
if (options.Pid is not null)
{
    report["server_cpu_s"] = Math.Round(cpuSeconds, 3);
    report["server_cpu_pct"] = Math.Round(100 * cpuSeconds / deadline, 1);
    report["server_cpu_pct_window"] = windowCpu is { } w && cpuEnd.At > w.At
        ? Math.Round(100 * (cpuEnd.Cpu - w.Cpu) / (cpuEnd.At - w.At), 1)
        : null;
    report["server_rss_peak_mb"] = Math.Round(rssPeakKb / 1024.0, 1);
}

Console.WriteLine(JsonSerializer.Serialize(report));
return 0;

async Task<Outcome> ListenAsync(TimeSpan at, string path)
{
    var wait = at - started.Elapsed;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    var connectStart = started.Elapsed.TotalSeconds;
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(deadline - connectStart + 5));
    try
    {
        await socket.ConnectAsync(uri.Host, uri.Port, timeout.Token);
    }
    catch (Exception e) when (e is SocketException or OperationCanceledException)
    {
        return new Outcome(-1, -1, default, false, false);
    }

    var request = $"GET {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nUser-Agent: airwave-listener-probe/1\r\nConnection: close\r\n\r\n";
    var buffer = new byte[16 * 1024];
    var head = new List<byte>(512);
    int status = 0;
    var resumed = false;
    double ttfbMs = -1;
    var window = new WindowReads(windowStart);
    try
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        while (true)
        {
            var left = deadline - started.Elapsed.TotalSeconds;
            if (left <= 0)
            {
                window.Close(deadline);
                return new Outcome(status, ttfbMs, window, false, resumed);
            }

            using var read = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            read.CancelAfter(TimeSpan.FromSeconds(left));
            int got;
            try
            {
                got = await socket.ReceiveAsync(buffer, SocketFlags.None, read.Token);
            }
            catch (OperationCanceledException)
            {
                window.Close(deadline);
                return new Outcome(status, ttfbMs, window, false, resumed);
            }

            var now = started.Elapsed.TotalSeconds;
            if (got == 0)
            {
                return new Outcome(status == 0 ? -2 : status, ttfbMs, window, ClosedEarly: status == 200, resumed);
            }

            var body = got;
            if (status == 0)
            {
                head.AddRange(buffer.AsSpan(0, got));
                var end = HeadEnd(head);
                if (end < 0)
                {
                    continue;
                }

                var lines = Encoding.ASCII.GetString(CollectionsMarshal.AsSpan(head)[..end]).Split("\r\n");
                var line = lines[0].Split(' ');
                resumed = lines.Any(l => l.StartsWith("X-Airwave-Resumed:", StringComparison.OrdinalIgnoreCase));
                status = line.Length > 1 && int.TryParse(line[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -2;
                if (status != 200)
                {
                    return new Outcome(status, -1, default, false, false);
                }

                body = head.Count - (end + 4);
            }

            if (body > 0 && ttfbMs < 0)
            {
                ttfbMs = (now - connectStart) * 1000;
            }

            if (body > 0)
            {
                window.Read(now, body);
            }
        }
    }
    catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
    {
        return new Outcome(status == 200 ? 200 : -2, ttfbMs, window, ClosedEarly: status == 200, resumed);
    }
}

// The TTFB percentile q of the listeners scheduled in each whole second of the ramp (the first listeners on a fresh
// server meet its first compile of the path; a slow tail spread over the ramp is something else).
double?[] TtfbByRampSecond(double q) =>
    [.. Enumerable.Range(0, Math.Max(1, (int)Math.Ceiling(options.Ramp))).Select(second => Percentile(
        [.. outcomes.Where((o, i) => o.Status == 200 && o.TtfbMs >= 0 && (int)(options.Ramp * i / options.Listeners) == second)
            .Select(o => o.TtfbMs).Order()],
        q))];

// Where the response head ends (its empty line), or -1 while it has not arrived whole.
static int HeadEnd(List<byte> head) => CollectionsMarshal.AsSpan(head).IndexOf("\r\n\r\n"u8);

static double? Percentile(double[] sorted, double q) =>
    sorted.Length == 0 ? null : Math.Round(sorted[(int)(q * (sorted.Length - 1))], 2);

/// <summary>What one listener saw: HTTP status (-1 connect failed, -2 error), TTFB in ms, its reads in the steady window, whether its session resumed.</summary>
internal readonly record struct Outcome(int Status, double TtfbMs, WindowReads Window, bool ClosedEarly, bool Resumed)
{
    public double Rate => Window.Rate;

    public double LongestGap => Window.LongestGap;
}

/// <summary>One listener's reads from the steady window's start: whole sends, timed from the first to the last.</summary>
/// <remarks>Reads within <see cref="SameSend"/> of the window's first are one send the socket split; all of it is the first.</remarks>
internal struct WindowReads(double start)
{
    private const double SameSend = 0.05;
    private double firstRead = double.NaN;
    private double first = double.NaN;
    private double last = double.NaN;
    private double bytesAfterFirst;

    /// <summary>The longest time in the window without a read, from its start to the first and from the last to its end included.</summary>
    public double LongestGap { get; private set; }

    public readonly double Rate => last > first ? bytesAfterFirst / (last - first) : 0;

    public void Read(double now, int bytes)
    {
        if (now < start)
        {
            return;
        }

        LongestGap = Math.Max(LongestGap, now - (double.IsNaN(last) ? start : last));
        if (double.IsNaN(firstRead))
        {
            firstRead = now;
        }

        if (now - firstRead < SameSend)
        {
            first = now;
        }
        else
        {
            bytesAfterFirst += bytes;
        }

        last = now;
    }

    /// <summary>The window ended at <paramref name="end"/> with the listener still connected.</summary>
    public void Close(double end) => LongestGap = Math.Max(LongestGap, end - (double.IsNaN(last) ? start : last));
}

internal sealed record Options(string Url, int Listeners, double Ramp, double Duration, double Settle, int? Pid, string? Sid)
{
    public static Options Parse(string[] args)
    {
        string? url = null;
        int listeners = 100;
        double ramp = 5, duration = 20, settle = 3;
        int? pid = null;
        string? sid = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = value; break;
                case "-n": listeners = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--ramp": ramp = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "-d" or "--duration": duration = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--settle": settle = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--pid": pid = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--sid": sid = value; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        var uri = new Uri(url ?? throw new ArgumentException("--url is required"));
        if (!uri.IsLoopback)
        {
            throw new ArgumentException("only loopback targets");
        }

        if (listeners is < 1 or > 20_000 || ramp < 0 || duration is <= 0 or > 600 || settle < 0 || settle >= duration)
        {
            throw new ArgumentException("-n 1..20000, --duration 0..600 s, --settle below --duration");
        }

        // The node takes ids of 1-64 letters, digits, '-' and '_' and makes up a new one for anything else.
        if (sid is not null && (sid.Length is 0 or > 58 || !sid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException("--sid takes 1-58 ASCII letters, digits, '-' or '_'");
        }

        return new Options(url, listeners, ramp, duration, settle, pid, sid);
    }
}

internal static class ServerProcess
{
    public static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static long RssKb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;
}
