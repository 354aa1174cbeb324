using Airwave.Streaming.Upstreams;

namespace Airwave.Streaming.Transcoding;

/// <summary>The decisions of a rendition's transcoder, apart from its actor: when to start ffmpeg again, and what to show.</summary>
/// <remarks>
/// A run that ends because of the source (it left, or its timeline jumped) starts again at once, without counting as a
/// failure. A run that ends because of ffmpeg waits the backoff, doubled per failure in a row; a run that played for
/// <see cref="HealthyRun"/> clears the count.
/// </remarks>
public sealed class TranscoderState(TimeSpan backoffMin, TimeSpan backoffMax, Random random)
{
    /// <summary>A run this long was healthy: the next failure starts from the shortest backoff again.</summary>
    public static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);

    private readonly ReconnectBackoff backoff = new(backoffMin, backoffMax, 0.2, random);
    private int failuresInRow;
    private int starts;
    private int failures;
    private DateTime startedUtc;

    /// <summary>What status pages show.</summary>
    public TranscoderStatus Status { get; private set; } = new(TranscoderPhase.Waiting, DateTime.MinValue, null, 0, 0, "");

    /// <summary>The source channel has no audio to transcode yet.</summary>
    public void Waiting(DateTime nowUtc, string reason) => Move(TranscoderPhase.Waiting, nowUtc, null, reason);

    /// <summary>Every process slot is taken.</summary>
    public void Refused(DateTime nowUtc, int maxProcesses) =>
        Move(TranscoderPhase.Refused, nowUtc, null, $"transcoding.max-processes ({maxProcesses}) reached on this node");

    /// <summary>ffmpeg started as process <paramref name="processId"/>.</summary>
    public void Started(DateTime nowUtc, int processId)
    {
        starts++;
        startedUtc = nowUtc;
        // Why the last run failed stays visible while the next runs; why it merely waited does not.
        Move(TranscoderPhase.Running, nowUtc, processId, Status.Phase == TranscoderPhase.Restarting ? Status.Reason : "");
    }

    /// <summary>ffmpeg could not even start (not installed, not executable): a failure like any other.</summary>
    public TimeSpan StartFailed(DateTime nowUtc, string reason)
    {
        startedUtc = nowUtc;
        return Ended(new TranscodeEnd(TranscodeEndKind.Failed, reason), nowUtc);
    }

    /// <summary>A run ended; returns how long to wait before the next.</summary>
    public TimeSpan Ended(TranscodeEnd end, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (!end.IsFailure)
        {
            failuresInRow = 0;
            Move(TranscoderPhase.Waiting, nowUtc, null, end.Detail);
            return TimeSpan.Zero;
        }

        failures++;
        failuresInRow = nowUtc - startedUtc >= HealthyRun ? 1 : failuresInRow + 1;
        Move(TranscoderPhase.Restarting, nowUtc, null, end.Detail);
        return backoff.Delay(failuresInRow);
    }

    private void Move(TranscoderPhase phase, DateTime nowUtc, int? processId, string reason) =>
        Status = new TranscoderStatus(phase, Status.Phase == phase && Status.ProcessId == processId ? Status.SinceUtc : nowUtc, processId, starts, failures, reason);
}
