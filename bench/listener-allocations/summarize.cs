#:property PublishAot=false
#:package Microsoft.Diagnostics.Tracing.TraceEvent
// Sums a dotnet-trace file's allocation ticks (`--profile gc-verbose`: one event about every 100 KB a thread allocates,
// naming the type that crossed it) by type, and for the types asked for, by stack: what a window of a node's life
// allocated and where. Sampled, so a type that makes less than a few hundred KB in the window may be missing.
//
//   dotnet run bench/listener-allocations/summarize.cs -- TRACE.nettrace [--top 25] [--stacks TYPE ...] [--depth 10]
using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: summarize.cs TRACE.nettrace [--top 25] [--stacks TYPE ...] [--depth 10]");
    return 2;
}

var top = 25;
var depth = 10;
var stackTypes = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--top": top = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--depth": depth = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stacks": stackTypes.Add(args[++i]); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var byStack = new Dictionary<string, long>();
long total = 0;
var collections = 0;
foreach (var e in log.Events)
{
    if (e is GCStartTraceData)
    {
        collections++;
        continue;
    }

    if (e is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var type = tick.TypeName ?? "?";
    total += tick.AllocationAmount64;
    byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
    if (stackTypes.Any(t => type.Contains(t, StringComparison.Ordinal)))
    {
        var frames = new List<string>();
        for (var frame = e.CallStack(); frame is not null && frames.Count < depth; frame = frame.Caller)
        {
            if (frame.CodeAddress.FullMethodName is { Length: > 0 } method)
            {
                frames.Add(method.Length > 160 ? method[..160] : method);
            }
        }

        var key = type + "\n      " + string.Join("\n      ", frames);
        byStack[key] = byStack.GetValueOrDefault(key) + tick.AllocationAmount64;
    }
}

Console.WriteLine($"allocated (sampled): {total / 1e6:F1} MB; collections: {collections}");
Console.WriteLine();
Console.WriteLine("| MB | type |");
Console.WriteLine("| ---: | --- |");
foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(top))
{
    Console.WriteLine($"| {bytes / 1e6:F2} | `{type}` |");
}

foreach (var (stack, bytes) in byStack.OrderByDescending(p => p.Value).Take(top))
{
    Console.WriteLine();
    Console.WriteLine($"{bytes / 1e6:F2} MB  {stack}");
}

return 0;
