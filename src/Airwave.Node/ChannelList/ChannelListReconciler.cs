using Airwave.Channels;
using Airwave.Channels.Registry;
using Akka.Actor;
using Akka.Event;

namespace Airwave.Node.ChannelList;

/// <summary>
/// Keeps the runtime channels in step with the channel list (<c>airwave.channels-from</c>): every interval, and when
/// asked (<c>airwave channels reconcile</c>), it reads the list, starts what is missing, stops what the list put there
/// and no longer names, and restarts only what changed. A list that cannot be fetched or read changes nothing: the
/// channels keep running as last reconciled, and the error is logged and reported.
/// </summary>
/// <remarks>
/// In a cluster it runs as an Akka cluster singleton on the masters, so one node reconciles; the runtime channels it
/// adds are recorded in the shared database, where every node reads them.
/// </remarks>
internal sealed class ChannelListReconciler : ReceiveActor, IWithTimers
{
    private const string TickKey = "reconcile";

    public ChannelListReconciler(ChannelListReader reader, ChannelDirectory channels, ChannelListHealth health, TimeSpan interval, TimeProvider clock)
    {
        var log = Context.GetLogger();
        ChannelListOutcome? last = null;
        ReceiveAsync<ReconcileChannelList>(async request =>
        {
            var outcome = await ReconcileAsync(reader, channels, request.DryRun, clock).ConfigureAwait(true);
            Report(log, outcome, last);
            if (outcome.Diff is null)
            {
                health.Failed(outcome.Error ?? "unreadable", outcome.AtUtc);
            }
            else
            {
                health.Read();
            }

            if (!request.DryRun)
            {
                last = outcome;
            }

            request.ReplyTo.Tell(outcome);
        });
        Receive<Tick>(_ => Self.Tell(new ReconcileChannelList(false, ActorRefs.Nobody)));
        Timers!.StartPeriodicTimer(TickKey, Tick.Instance, TimeSpan.Zero, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private static async Task<ChannelListOutcome> ReconcileAsync(ChannelListReader reader, ChannelDirectory channels, bool dryRun, TimeProvider clock)
    {
        await channels.Started.ConfigureAwait(true);
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<RuntimeChannel> listed;
        try
        {
            listed = await reader.ReadAsync(CancellationToken.None).ConfigureAwait(true);
        }
        catch (ChannelListException e)
        {
            return new ChannelListOutcome(now, null, false, e.Message);
        }

        var diff = ChannelListDiff.Of(listed, channels.RuntimeDefinitions, channels.IsConfigured);
        if (dryRun || diff.IsEmpty)
        {
            return new ChannelListOutcome(now, diff, !dryRun, null);
        }

        var failures = new List<string>();
        foreach (var channel in diff.Start)
        {
            await Try(failures, $"start {channel.Name}", () => channels.AddAsync(channel, CancellationToken.None)).ConfigureAwait(true);
        }

        foreach (var name in diff.Stop)
        {
            await Try(failures, $"stop {name}", () => channels.RemoveAsync(name, CancellationToken.None)).ConfigureAwait(true);
        }

        foreach (var channel in diff.Restart)
        {
            await Try(failures, $"restart {channel.Name}", () => channels.ReplaceAsync(channel, CancellationToken.None)).ConfigureAwait(true);
        }

        return new ChannelListOutcome(now, diff, true, failures.Count == 0 ? null : string.Join("; ", failures));
    }

    /// <summary>Runs one change; a refused or failed one is noted and the others still run (the next round tries it again).</summary>
    private static async Task Try(List<string> failures, string what, Func<Task<bool>> change)
    {
        try
        {
            if (!await change().ConfigureAwait(true))
            {
                failures.Add($"{what}: refused (changed meanwhile)");
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or AskTimeoutException or IOException)
        {
            failures.Add($"{what}: {e.Message}");
        }
    }

    /// <summary>Logs a change, a failure, or a list that became readable again; an unchanged list logs nothing.</summary>
    private static void Report(ILoggingAdapter log, ChannelListOutcome outcome, ChannelListOutcome? last)
    {
        if (outcome.Diff is { } diff && !diff.IsEmpty)
        {
            log.Info(
                "channel list {0}: start [{1}], stop [{2}], restart [{3}]",
                outcome.Applied ? "applied" : "would change (dry run)",
                string.Join(", ", diff.Start.Select(c => c.Name)),
                string.Join(", ", diff.Stop),
                string.Join(", ", diff.Restart.Select(c => c.Name)));
        }

        if (outcome.Diff is { Conflicts.Count: > 0 } conflicted && (last?.Diff?.Conflicts.SequenceEqual(conflicted.Conflicts) != true))
        {
            log.Warning("channel list names channels it may not manage: {0}", string.Join("; ", conflicted.Conflicts));
        }

        if (outcome.Error is { } error && error != last?.Error)
        {
            log.Error("channel list: {0}; the channels keep running as last reconciled", error);
        }
        else if (outcome.Error is null && last?.Error is not null)
        {
            log.Info("channel list readable again");
        }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
