using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Airwave.Relay.Benchmarks;

/// <summary>What a consumer saw: chunk latencies, gaps and duplicates, bytes, and both processes' CPU over the window.</summary>
internal sealed class FeedStats
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = new(1 << 16);
    private readonly Dictionary<int, long> lastSeq = [];
    private long bytes;
    private long outOfOrder;
    private bool measuring;

    public void Start() => Volatile.Write(ref measuring, true);

    /// <summary>Records chunk <paramref name="seq"/> of feed <paramref name="feed"/>.</summary>
    public void Chunk(int feed, long seq, double latencyMs, int length)
    {
        lock (gate)
        {
            if (lastSeq.TryGetValue(feed, out var last) && seq != last + 1)
            {
                outOfOrder++;
            }

            lastSeq[feed] = seq;
            if (measuring)
            {
                latencies.Add(latencyMs);
                bytes += length;
            }
        }
    }

    public string Report(string transport, int feeds, TimeSpan window, CpuTime consumerCpu, CpuTime producerCpu)
    {
        lock (gate)
        {
            latencies.Sort();
            double At(double q) => latencies.Count == 0 ? -1 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["transport"] = transport,
                ["feeds"] = feeds,
                ["seconds"] = Math.Round(window.TotalSeconds, 1),
                ["chunks"] = latencies.Count,
                ["out_of_order"] = outOfOrder,
                ["mb_per_s"] = Math.Round(bytes / window.TotalSeconds / 1e6, 2),
                ["latency_ms_p50"] = Math.Round(At(0.50), 2),
                ["latency_ms_p99"] = Math.Round(At(0.99), 2),
                ["latency_ms_max"] = Math.Round(At(1.0), 2),
                ["consumer_cpu_pct"] = Math.Round(consumerCpu.Seconds / window.TotalSeconds * 100, 1),
                ["producer_cpu_pct"] = Math.Round(producerCpu.Seconds / window.TotalSeconds * 100, 1),
            });
        }
    }
}

/// <summary>A process's CPU time (user + system) from <c>/proc/PID/stat</c>, in seconds.</summary>
internal readonly record struct CpuTime(double Seconds)
{
    public static CpuTime Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name and state.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new CpuTime(ticks / 100.0);
    }

    public static CpuTime Self() => Of(Environment.ProcessId);

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.Seconds - b.Seconds);
}

/// <summary>Times a measuring window after a warm-up.</summary>
internal static class Window
{
    public static async Task<(TimeSpan Elapsed, CpuTime Consumer, CpuTime Producer)> MeasureAsync(FeedStats stats, int producerPid, TimeSpan warmUp, TimeSpan length)
    {
        await Task.Delay(warmUp).ConfigureAwait(false);
        var (consumer, producer) = (CpuTime.Self(), CpuTime.Of(producerPid));
        var clock = Stopwatch.StartNew();
        stats.Start();
        await Task.Delay(length).ConfigureAwait(false);
        return (clock.Elapsed, CpuTime.Self() - consumer, CpuTime.Of(producerPid) - producer);
    }
}
