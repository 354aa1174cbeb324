using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Akka.Streams;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// Makes one rendition: runs ffmpeg over its source channel's chunks (<see cref="RenditionPipe"/>) as the rendition
/// channel's source, and starts it again when it ends — at once when the source ended the run, after a backoff when
/// ffmpeg failed (crash, stall, garbage), each time with a marked discontinuity and on the source's timeline.
/// </summary>
/// <remarks>
/// A new run starts where the rendition's audio ends (within <see cref="CatchUp"/>), at the source chunk holding that
/// moment, and its chunk times start at that chunk's time: the rendition stays on the source's timeline across restarts.
/// Awaits on the actor's turn keep the actor's task scheduler (<c>ConfigureAwait(true)</c>).
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Akka never disposes an actor; each run's token source is disposed when the run ends and in PostStop.")]
public sealed class TranscoderActor : ReceiveActor, IWithTimers
{
    /// <summary>A restart transcodes at most this much of the source that the rendition missed; an older gap is left as a gap.</summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RefusedRetryInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(10);

    // Bound to this actor: one for all its runs, stopped with it. ActorSystem.Materializer() makes a new supervisor
    // actor at every call and none is ever stopped, so one per run leaked an actor per reconnect or restart.
    private readonly IMaterializer materializer = Context.Materializer();

    private readonly RenditionSettings rendition;
    private readonly Func<LiveChannel?> findSource;
    private readonly LiveChannel target;
    private readonly IActorRef targetActor;
    private readonly TranscoderSlots slots;
    private readonly TranscodingSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly TranscoderState state;
    private CancellationTokenSource? runStop;
    private Task? running;
    private long? resumeAt;
    private bool refusalLogged;

    /// <param name="rendition">What to make.</param>
    /// <param name="findSource">The source channel when it runs on this node, else null.</param>
    /// <param name="target">The rendition's channel.</param>
    /// <param name="targetActor">The rendition's channel actor.</param>
    /// <param name="slots">The node's ffmpeg processes.</param>
    /// <param name="settings">ffmpeg, stall timeout and backoff.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="log">Where starts, ends and failures are told.</param>
    /// <param name="random">Jitters the backoff.</param>
    public TranscoderActor(
        RenditionSettings rendition, Func<LiveChannel?> findSource, LiveChannel target, IActorRef targetActor, TranscoderSlots slots, TranscodingSettings settings,
        TimeProvider clock, ILogger log, Random random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.rendition = rendition;
        this.findSource = findSource;
        this.target = target;
        this.targetActor = targetActor;
        this.slots = slots;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        state = new TranscoderState(settings.BackoffMin, settings.BackoffMax, random);
        ReceiveAsync<StartRun>(_ => StartAsync());
        Receive<RunEnded>(Ended);
        ReceiveAsync<StopTranscoder>(_ => StopAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private string Mount => target.Settings.Mount;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    protected override void PreStart()
    {
        Publish();
        Self.Tell(StartRun.Instance);
    }

    protected override void PostStop()
    {
        // Stopped without StopTranscoder (the actor system went down): ffmpeg must not outlive the node.
        runStop?.Cancel();
        runStop?.Dispose();
    }

    private async Task StartAsync()
    {
        if (running is not null)
        {
            return;
        }

        if (findSource() is not { } source)
        {
            Wait($"/{rendition.SourceChannel} does not run on this node yet");
            return;
        }

        if (FirstChunk(source) is not { } first)
        {
            Wait($"waiting for audio on /{rendition.SourceChannel}");
            return;
        }

        if (!slots.TryAcquire())
        {
            state.Refused(Now, slots.Max);
            Publish();
            if (!refusalLogged)
            {
                log.LogError("rendition {Mount} not started: {Reason}; it starts when a process ends (raise transcoding.max-processes to run more)", Mount, state.Status.Reason);
                refusalLogged = true;
            }

            Timers.StartSingleTimer("start", StartRun.Instance, RefusedRetryInterval);
            return;
        }

        refusalLogged = false;
        var origin = new DateTime(first.StartTicks, DateTimeKind.Utc);
        FfmpegProcess ffmpeg;
        try
        {
            ffmpeg = FfmpegProcess.Start(settings.Ffmpeg, FfmpegArguments.ForEncoding(rendition.Encoding, first.Format, origin, target.Settings.HlsSegmentDuration));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            slots.Release();
            var delay = state.StartFailed(Now, $"could not start {settings.Ffmpeg}: {e.Message}");
            log.LogError("rendition {Mount}: could not start {Ffmpeg} ({Reason}); retrying in {Delay:0.#}s", Mount, settings.Ffmpeg, e.Message, delay.TotalSeconds);
            Publish();
            Timers.StartSingleTimer("start", StartRun.Instance, delay);
            return;
        }

        var stream = source.Stream;
        var attached = new SourceDescriptor(Guid.NewGuid(), $"ffmpeg[{ffmpeg.Id}] from /{rendition.SourceChannel}", rendition.Encoding.Format, "airwave-transcoder")
        {
            Name = stream?.Name ?? "",
            Description = stream?.Description ?? "",
            Genre = stream?.Genre ?? "",
            Url = stream?.Url ?? "",
            Bitrate = rendition.Encoding.TotalBitrateKbps,
            Public = stream?.Public ?? false,
        };
        var answer = await targetActor.Ask<SourceAttachResult>(reply => new AttachSource(attached, reply) { Origin = origin }, AttachTimeout, CancellationToken.None).ConfigureAwait(true);
        if (!answer.Accepted)
        {
            // Nothing else feeds a rendition; a refusal means its channel is going away.
            await ffmpeg.DisposeAsync().ConfigureAwait(true);
            slots.Release();
            Wait(answer.Reason ?? "the rendition's channel refused the transcoder");
            return;
        }

        state.Started(Now, ffmpeg.Id);
        Publish();
        log.LogInformation("rendition {Mount}: ffmpeg {Pid} makes {Codec} {Bitrate}k from /{Source} ({Format}) from {Origin:HH:mm:ss.f} UTC",
            Mount, ffmpeg.Id, rendition.Encoding.Codec, rendition.Encoding.TotalBitrateKbps, rendition.SourceChannel, first.Format, origin);
        runStop = new CancellationTokenSource();
        var pipe = new RenditionPipe(source, target, targetActor, settings, materializer);
        var run = pipe.RunAsync(ffmpeg, attached, first.Seq, first.Format, runStop.Token);
        running = FinishAsync(run, ffmpeg, attached.Id, Self);
    }

    /// <summary>Once a run ended and its ffmpeg is gone and its slot free, tells the actor how it ended.</summary>
    private async Task FinishAsync(Task<RenditionRunEnd> run, FfmpegProcess ffmpeg, Guid sourceId, IActorRef self)
    {
        RenditionRunEnd ended;
        try
        {
            ended = await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            ended = new RenditionRunEnd(new TranscodeEnd(TranscodeEndKind.Failed, $"{e.Message}; {ffmpeg.Describe()}"), null);
        }
        finally
        {
            await ffmpeg.DisposeAsync().ConfigureAwait(false);
            slots.Release();
        }

        self.Tell(new RunEnded(sourceId, ended));
    }

    /// <summary>Where the next run starts: after a source break, the next chunk; else where the rendition's audio ends, or the live edge.</summary>
    private ChunkHeader? FirstChunk(LiveChannel source)
    {
        var held = source.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return null;
        }

        // After a long pause the chunk to resume at may have left the buffer: then where the rendition's audio ends decides.
        var seq = resumeAt is { } next && next >= held.FirstSeq ? next : ResumeSeq(source, held);
        return source.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available ? header : null;
    }

    /// <summary>
    /// The source chunk that starts where the rendition's audio ends (the one holding that moment was partly transcoded
    /// already, so the next); the live edge when the rendition has nothing recent.
    /// </summary>
    private long ResumeSeq(LiveChannel source, RewindSnapshot held)
    {
        var rendered = target.Buffer.Snapshot();
        if (rendered.IsEmpty || rendered.NewestEndTicks < held.NewestEndTicks - CatchUp.Ticks)
        {
            return held.LastSeq;
        }

        var found = source.Buffer.FindByTime(new DateTime(rendered.NewestEndTicks, DateTimeKind.Utc));
        return found.Outcome switch
        {
            TimeLookupOutcome.Contained => found.StartTicks < rendered.NewestEndTicks ? found.Seq + 1 : found.Seq,
            TimeLookupOutcome.InGap or TimeLookupOutcome.AfterNewest => found.Seq,
            _ => held.LastSeq,
        };
    }

    private void Ended(RunEnded ended)
    {
        running = null;
        runStop?.Dispose();
        runStop = null;
        if (ended.Run.End is not { } end)
        {
            return;
        }

        targetActor.Tell(new DetachSource(ended.SourceId, end.Detail));
        resumeAt = ended.Run.NextSeq;
        var delay = state.Ended(end, Now);
        Publish();
        if (end.IsFailure)
        {
            log.LogWarning("rendition {Mount}: {Kind}: {Detail}; restarting in {Delay:0.#}s", Mount, end.Kind, end.Detail, delay.TotalSeconds);
        }
        else
        {
            log.LogInformation("rendition {Mount} paused: {Detail}", Mount, end.Detail);
        }

        Timers.StartSingleTimer("start", StartRun.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
    }

    private void Wait(string reason)
    {
        state.Waiting(Now, reason);
        Publish();
        Timers.StartSingleTimer("start", StartRun.Instance, WaitInterval);
    }

    private async Task StopAsync()
    {
        Timers.CancelAll();
        if (running is { } run)
        {
            await runStop!.CancelAsync().ConfigureAwait(true);
            await run.ConfigureAwait(true);
        }

        Context.Stop(Self);
    }

    private void Publish() => target.Transcoder = state.Status;

    private sealed record StartRun
    {
        public static StartRun Instance { get; } = new();
    }

    /// <summary>A run ended (told by the run's continuation, after its ffmpeg is gone and its slot is free).</summary>
    private sealed record RunEnded(Guid SourceId, RenditionRunEnd Run);
}
