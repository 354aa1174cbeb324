using System.IO.Pipelines;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// One on-demand transcode session: ffmpeg writing HLS segments into the session's directory on the session's grid,
/// fed from a channel's rewind buffer (live, from a chosen moment on, as fast as ffmpeg takes it) or from a planned
/// archive window (to its end). A request for a segment nobody is about to write starts a new ffmpeg run there (a
/// seek); a run that reaches segments another run wrote moves on to the first place still missing, so each part of a
/// window is encoded once and a finished window is whole. Tells its owner each state it reaches; stopped from outside
/// when nobody asks for it any more.
/// </summary>
/// <remarks>Awaits on the actor's turn keep the actor's task scheduler (<c>ConfigureAwait(true)</c>).</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Akka never disposes an actor; the token source is disposed in PostStop.")]
public sealed class TranscodeSessionActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly TranscodeSessionInfo created;
    private readonly TranscodeInputs inputs;
    private readonly TranscodeEncoding encoding;
    private readonly TranscodeSessionSettings sessions;
    private readonly TranscodingSettings transcoding;
    private readonly string directory;
    private readonly ClipWriter clips;
    private readonly Action<TranscodeSessionInfo, TranscodeTimeline?> report;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly TranscodeTimeline timeline;
    private readonly List<Waiter> waiters = [];

    // Bound to this actor: its streams stop with it, and no materializer outlives the session.
    private readonly IMaterializer materializer = Context.Materializer();
    private readonly int readyFrom;
    private readonly TranscodeInput firstInput;
    private Run? run;
    private int runs;
    private TranscodeSessionState state = TranscodeSessionState.Starting;

    /// <param name="created">The session as it was created.</param>
    /// <param name="input">The first run's feed, found by the owner (which answers 404 when there is none).</param>
    /// <param name="startSegment">The place the first run starts at: 0, or where the request seeked to.</param>
    /// <param name="inputs">Finds the feed of later runs.</param>
    /// <param name="encoding">The profile's encoding.</param>
    /// <param name="sessions">Segment length and how long a segment request waits.</param>
    /// <param name="transcoding">The ffmpeg executable.</param>
    /// <param name="directory">The session's directory, created empty by the owner.</param>
    /// <param name="clips">Sends an archive window.</param>
    /// <param name="report">Told every state the session reaches, with its timeline once finished (called on the actor's turn).</param>
    /// <param name="clock">Time source.</param>
    /// <param name="log">Where the session's runs and end are told.</param>
    public TranscodeSessionActor(
        TranscodeSessionInfo created, TranscodeInput input, int startSegment, TranscodeInputs inputs, TranscodeEncoding encoding, TranscodeSessionSettings sessions,
        TranscodingSettings transcoding, string directory, ClipWriter clips, Action<TranscodeSessionInfo, TranscodeTimeline?> report, TimeProvider clock, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(sessions);
        this.created = created;
        firstInput = input;
        readyFrom = startSegment;
        this.inputs = inputs;
        this.encoding = encoding;
        this.sessions = sessions;
        this.transcoding = transcoding;
        this.directory = directory;
        this.clips = clips;
        this.report = report;
        this.clock = clock;
        this.log = log;
        timeline = new TranscodeTimeline(sessions.SegmentDuration, created.Key.EndUtc is { } end ? end - created.OriginUtc : null);
        ReceiveAsync<Poll>(_ => CheckAsync());
        ReceiveAsync<WantTranscodeSegment>(WantAsync);
        ReceiveAsync<WantTranscodePlaylist>(PlaylistAsync);
        ReceiveAsync<StopTranscodeSession>(message => EndAsync(TranscodeSessionState.Stopped, message.Reason));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>How much of the session exists: a window's length, or how far live is past a live session's origin.</summary>
    private TimeSpan Available => timeline.Length ?? Now - created.OriginUtc;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("poll", Poll.Instance, PollInterval);
        if (Begin(firstInput, readyFrom) is { } problem)
        {
            Report(TranscodeSessionState.Failed, problem);
            Context.Stop(Self);
        }
    }

    protected override void PostStop()
    {
        if (run is { } running)
        {
            running.Stop.Cancel();
            running.Process.Kill();
            running.Stop.Dispose();
        }
    }

    /// <summary>Starts an ffmpeg run at <paramref name="segment"/>; the reason when ffmpeg cannot be started.</summary>
    private string? Begin(TranscodeInput input, int segment)
    {
        var plan = new TranscodeRun(runs, segment, input.Trim, input.Offset);
        FfmpegProcess process;
        try
        {
            process = FfmpegProcess.Start(transcoding.Ffmpeg, FfmpegArguments.ForSession(encoding, input.Format, directory, plan, sessions.SegmentDuration));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"could not start {transcoding.Ffmpeg}: {e.Message}";
        }

        runs++;
        var stop = new CancellationTokenSource();
        var feeding = input.Download is { } download ? SendDownloadAsync(process, download, stop.Token)
            : input.Window is { } window ? SendWindowAsync(process, input, window, stop.Token)
            : SendLiveAsync(process, input, stop.Token);
        run = new Run(plan, process, feeding, stop, input.Window is not null || input.Download is not null);
        log.LogInformation(
            "transcode session {Id}: ffmpeg {Pid} (run {Run}) for {User} from /{Channel} at {Position:0.#}s, segment {Segment}{Window}",
            created.Id, process.Id, plan.Number, created.User, created.Key.Channel, timeline.PositionOf(segment).TotalSeconds, segment,
            created.Key.EndUtc is not { } end ? ", following live"
            : input.Download is { } through ? $", window {created.OriginUtc:O} to {end:O}, fed from {through}"
            : $", window {created.OriginUtc:O} to {end:O}");
        return null;
    }

    /// <summary>The channel's chunks from the run's first on, through an Akka.Streams graph into stdin, until the run stops.</summary>
    private Task<string?> SendLiveAsync(FfmpegProcess process, TranscodeInput input, CancellationToken cancellationToken)
    {
        var reader = new SourceChunkReader(input.Channel, Timeout.InfiniteTimeSpan, TimeSpan.MaxValue, (_, _) => { });
        return Source.From(() => reader.ReadAsync(input.FirstSeq, input.Format, cancellationToken))
            .RunWith(Sink.ForEachAsync<byte[]>(1, async chunk => await process.Input.WriteAsync(chunk, cancellationToken).ConfigureAwait(false)), materializer)
            .ContinueWith(
                _ =>
                {
                    CloseInput(process);
                    return (string?)null;
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
    }

    /// <summary>The window from the run's start to its end, from the archive and the rewind buffer; stdin closes at its end and ffmpeg ends.</summary>
    private Task<string?> SendWindowAsync(FfmpegProcess process, TranscodeInput input, ClipPlan window, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            var writer = PipeWriter.Create(process.Input, new StreamPipeWriterOptions(leaveOpen: true));
            try
            {
                await clips.WriteAsync(window, input.Channel.Buffer, writer, 0, window.Length, cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // ffmpeg died or the run stopped: the process's end says which.
            }
            finally
            {
                try
                {
                    await writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Completing flushes what is buffered, into the pipe of an ffmpeg that is gone.
                }

                CloseInput(process);
            }

            return (string?)null;
        },
        CancellationToken.None);

    /// <summary>The window's download from this node's listener port (a relay's way to the owner's archive) into stdin; the reason when it could not be had.</summary>
    private Task<string?> SendDownloadAsync(FfmpegProcess process, Uri download, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            try
            {
                var (body, problem) = await inputs.OpenAsync(download, cancellationToken).ConfigureAwait(false);
                if (body is null)
                {
                    return problem;
                }

                await using (body.ConfigureAwait(false))
                {
                    await body.CopyToAsync(process.Input, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
            {
                // ffmpeg died, the run stopped, or the download broke off: ffmpeg's exit says which.
                return null;
            }
            finally
            {
                CloseInput(process);
            }
        },
        CancellationToken.None);

    private async Task CheckAsync()
    {
        if (run is not { } current || state is not (TranscodeSessionState.Starting or TranscodeSessionState.Running))
        {
            return;
        }

        Collect(current);
        if (current.Process.HasExited)
        {
            await RunEndedAsync(current).ConfigureAwait(true);
        }
        else if (timeline.Find(current.Next) is not null)
        {
            // This run reached segments an earlier one wrote: encoding them again would be wasted.
            await MoveOnAsync(current.Next).ConfigureAwait(true);
        }

        Settle();
    }

    /// <summary>Adds the segments the run finished since the last look.</summary>
    private void Collect(Run current)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(directory, current.Plan.Playlist));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return;
        }

        var written = FfmpegPlaylist.Segments(text);
        for (var index = current.Written; index < written.Count; index++)
        {
            timeline.Add(new TranscodeSegment(current.Plan.FirstSegment + index, written[index].File, written[index].Seconds));
        }

        current.Written = Math.Max(current.Written, written.Count);
    }

    private async Task RunEndedAsync(Run current)
    {
        await current.Process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(true);
        Collect(current);
        var feedProblem = await current.Feeding.ConfigureAwait(true);
        if (!current.ToWindowEnd || current.Process.ExitCode != 0 || feedProblem is not null)
        {
            await EndAsync(TranscodeSessionState.Failed, feedProblem ?? current.Process.Describe()).ConfigureAwait(true);
            return;
        }

        // Fed to the window's end: where ffmpeg ended is the window's last segment.
        if (current.Next > 0)
        {
            timeline.EndAt(current.Next - 1);
        }

        await RetireAsync().ConfigureAwait(true);
        await MoveOnAsync(0).ConfigureAwait(true);
    }

    /// <summary>Goes on at the first place still missing from <paramref name="from"/> (for a window, then from its start); a whole window is finished.</summary>
    private async Task MoveOnAsync(int from)
    {
        if ((timeline.FirstMissing(from) ?? timeline.FirstMissing(0)) is { } missing)
        {
            if (await RestartAsync(missing).ConfigureAwait(true) is { } problem)
            {
                await EndAsync(TranscodeSessionState.Failed, problem).ConfigureAwait(true);
            }

            return;
        }

        await RetireAsync().ConfigureAwait(true);
        Report(TranscodeSessionState.Finished, "");
        Settle();
        log.LogInformation("transcode session {Id} finished: {Segments} segments in {Runs} ffmpeg run(s)", created.Id, timeline.Segments.Count, runs);
        Timers.CancelAll();
        Context.Stop(Self);
    }

    /// <summary>Stops the current run and starts one at <paramref name="segment"/>; the reason when there is no audio there or ffmpeg cannot start.</summary>
    private async Task<string?> RestartAsync(int segment)
    {
        await RetireAsync().ConfigureAwait(true);
        var input = await inputs.AtAsync(firstInput.Channel, created.Key, created.OriginUtc, timeline.PositionOf(segment), CancellationToken.None).ConfigureAwait(true);
        return input is null ? $"/{created.Key.Channel} holds no audio {timeline.PositionOf(segment).TotalSeconds:0.#}s into the session" : Begin(input, segment);
    }

    private async Task RetireAsync()
    {
        if (run is not { } current)
        {
            return;
        }

        run = null;
        await current.Stop.CancelAsync().ConfigureAwait(true);
        current.Process.Kill();
        await current.Feeding.ConfigureAwait(true);
        await current.Process.DisposeAsync().ConfigureAwait(true);
        current.Stop.Dispose();
        TranscodeSessionFiles.RemoveUnlisted(directory, current.Plan, timeline.Segments);
    }

    private async Task WantAsync(WantTranscodeSegment message)
    {
        switch (timeline.Decide(message.Number, run?.Next, Available))
        {
            case TranscodeSegmentDecision.Serve:
                Sender.Tell(Answer(message.Number));
                return;
            case TranscodeSegmentDecision.Beyond:
                Sender.Tell(new TranscodeSegmentAnswer(null, $"segment {message.Number} is outside the session"));
                return;
            case TranscodeSegmentDecision.Restart when await RestartAsync(message.Number).ConfigureAwait(true) is { } problem:
                Sender.Tell(new TranscodeSegmentAnswer(null, problem));
                return;
            default:
                waiters.Add(new Waiter(message.Number, Sender, Now + sessions.ReadyTimeout));
                return;
        }
    }

    private async Task PlaylistAsync(WantTranscodePlaylist message)
    {
        // A playlist that starts further on is a seek: ffmpeg goes there now, before the player asks for the segment.
        if (timeline.Decide(message.First, run?.Next, Available) == TranscodeSegmentDecision.Restart)
        {
            await RestartAsync(message.First).ConfigureAwait(true);
        }

        Sender.Tell(timeline.Playlist(message.First));
    }

    /// <summary>Answers the waiters whose segment is written or who waited too long, and marks the session running once the first two segments are there.</summary>
    private void Settle()
    {
        var now = Now;
        foreach (var waiter in waiters.ToList())
        {
            if (timeline.Find(waiter.Number) is not null)
            {
                waiter.ReplyTo.Tell(Answer(waiter.Number));
                waiters.Remove(waiter);
            }
            else if (now >= waiter.Deadline || state is not (TranscodeSessionState.Starting or TranscodeSessionState.Running))
            {
                waiter.ReplyTo.Tell(new TranscodeSegmentAnswer(null, $"segment {waiter.Number} was not written within {sessions.ReadyTimeout.TotalSeconds:0.#}s"));
                waiters.Remove(waiter);
            }
        }

        var ready = timeline.Find(readyFrom) is not null && (timeline.Find(readyFrom + 1) is not null || (timeline.Count is { } count && readyFrom + 1 >= count));
        if (state == TranscodeSessionState.Starting && ready)
        {
            Report(TranscodeSessionState.Running, "");
        }
    }

    private TranscodeSegmentAnswer Answer(int number) => new(Path.Combine(directory, timeline.Find(number)!.Value.File), "");

    private async Task EndAsync(TranscodeSessionState end, string reason)
    {
        if (state is TranscodeSessionState.Finished or TranscodeSessionState.Failed or TranscodeSessionState.Stopped)
        {
            return;
        }

        Timers.CancelAll();
        await RetireAsync().ConfigureAwait(true);
        log.LogInformation("transcode session {Id} {State}{Reason}", created.Id, end.ToString().ToLowerInvariant(), reason.Length > 0 ? ": " + reason : "");
        Report(end, reason);
        Settle();
        Context.Stop(Self);
    }

    private void Report(TranscodeSessionState reached, string reason)
    {
        state = reached;
        report(created with { State = reached, Error = reason }, reached == TranscodeSessionState.Finished ? timeline : null);
    }

    private static void CloseInput(FfmpegProcess process)
    {
        try
        {
            process.Input.Close();
        }
        catch (IOException)
        {
        }
    }

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    private sealed record Waiter(int Number, IActorRef ReplyTo, DateTime Deadline);

    /// <summary>The running ffmpeg, what feeds it, and how many of its segments the session has taken.</summary>
    private sealed class Run(TranscodeRun plan, FfmpegProcess process, Task<string?> feeding, CancellationTokenSource stop, bool toWindowEnd)
    {
        public TranscodeRun Plan { get; } = plan;

        public FfmpegProcess Process { get; } = process;

        /// <summary>Ends when the feed does; with the reason when it could not be had.</summary>
        public Task<string?> Feeding { get; } = feeding;

        public CancellationTokenSource Stop { get; } = stop;

        /// <summary>True when it is fed to the window's end, so ffmpeg ending well means the window ended.</summary>
        public bool ToWindowEnd { get; } = toWindowEnd;

        public int Written { get; set; }

        /// <summary>The place it writes next.</summary>
        public int Next => Plan.FirstSegment + Written;
    }
}
