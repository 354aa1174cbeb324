using System.Collections.Concurrent;
using Airwave.Actors.Internal;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors;

/// <summary>Runs registered shutdown tasks phase by phase, each phase bounded by a timeout, then terminates the actor system.</summary>
public sealed class CoordinatedShutdown
{
    private readonly ActorSystem _system;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, Func<CancellationToken, Task> Run)>> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _timeouts = new(StringComparer.Ordinal);
    private readonly Lock _runGate = new();
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system, ILogger logger)
    {
        _system = system;
        _logger = logger;
    }

    /// <summary>The timeout of phases without their own.</summary>
    public TimeSpan DefaultPhaseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Why shutdown started, once it has.</summary>
    public string? Reason { get; private set; }

    /// <summary>Sets how long <paramref name="phase"/> may take before the next phase starts anyway.</summary>
    public void SetPhaseTimeout(string phase, TimeSpan timeout)
    {
        EnsureKnown(phase);
        _timeouts[phase] = timeout;
    }

    /// <summary>Adds a task to a phase; tasks of one phase run concurrently and get a token cancelled at the phase timeout.</summary>
    public void AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        EnsureKnown(phase);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        ArgumentNullException.ThrowIfNull(task);
        _tasks.GetOrAdd(phase, static _ => new()).Enqueue((taskName, task));
    }

    /// <summary>Runs all phases once, then terminates the system; later calls return the same task.</summary>
    public Task RunAsync(string reason)
    {
        lock (_runGate)
        {
            if (_run is null)
            {
                Reason = reason;
                _run = RunPhasesAsync(reason);
            }

            return _run;
        }
    }

    private static void EnsureKnown(string phase)
    {
        if (!ShutdownPhase.Ordered.Contains(phase))
        {
            throw new ArgumentException($"Unknown shutdown phase '{phase}'.", nameof(phase));
        }
    }

    private async Task RunPhasesAsync(string reason)
    {
        KernelLog.ShutdownStarted(_logger, reason);
        foreach (var phase in ShutdownPhase.Ordered)
        {
            if (_tasks.TryGetValue(phase, out var tasks) && !tasks.IsEmpty)
            {
                await RunPhaseAsync(phase, [.. tasks]).ConfigureAwait(false);
            }
        }

        await _system.TerminateAsync().ConfigureAwait(false);
    }

    private async Task RunPhaseAsync(string phase, IReadOnlyList<(string Name, Func<CancellationToken, Task> Run)> tasks)
    {
        var timeout = _timeouts.GetValueOrDefault(phase, DefaultPhaseTimeout);
        using var deadline = new CancellationTokenSource(timeout);
        var running = tasks.Select(task => RunTaskAsync(phase, task.Name, task.Run, deadline.Token));
        try
        {
            await Task.WhenAll(running).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            KernelLog.PhaseTimedOut(_logger, phase, timeout);
        }
    }

    private async Task RunTaskAsync(string phase, string name, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One failing task must not stop the rest of the shutdown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            KernelLog.ShutdownTaskFailed(_logger, name, phase, exception);
        }
    }
}
