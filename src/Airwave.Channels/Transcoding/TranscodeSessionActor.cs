using System.IO.Pipelines;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// One on-demand transcode session: ffmpeg writing HLS into the session's directory, fed from a channel's rewind buffer
/// (live, from a chosen moment on, as fast as ffmpeg takes it) or from a planned archive window (to its end). Tells its
/// owner each state it reaches; stopped from outside when nobody asks for it any more.
/// </summary>
/// <remarks>Awaits on the actor's turn keep the actor's task scheduler (<c>ConfigureAwait(true)</c>).</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Akka never disposes an actor; the token source is disposed in PostStop.")]
public sealed class TranscodeSessionActor : ReceiveActor, IWithTimers
{
    /// <summary>ffmpeg ending this soon after it started is the request's failure, answered with its last stderr lines.</summary>
    public static readonly TimeSpan QuickFailure = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly TranscodeSessionInfo created;
    private readonly TranscodeInput input;
    private readonly TranscodeEncoding encoding;
    private readonly TranscodeSessionSettings sessions;
    private readonly TranscodingSettings transcoding;
    private readonly string directory;
    private readonly ClipWriter clips;
    private readonly Action<TranscodeSessionInfo> report;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly CancellationTokenSource stop = new();
    private FfmpegProcess? ffmpeg;
    private Task? feeding;
    private TranscodeSessionState state = TranscodeSessionState.Starting;

    /// <param name="created">The session as it was created.</param>
    /// <param name="input">What to feed ffmpeg.</param>
    /// <param name="encoding">The profile's encoding.</param>
    /// <param name="sessions">Segment length.</param>
    /// <param name="transcoding">The ffmpeg executable.</param>
    /// <param name="directory">The session's directory, created empty by the owner.</param>
    /// <param name="clips">Sends an archive window.</param>
    /// <param name="report">Told every state the session reaches (called on the actor's turn).</param>
    /// <param name="clock">Time source.</param>
    /// <param name="log">Where the session's start and end are told.</param>
    public TranscodeSessionActor(
        TranscodeSessionInfo created, TranscodeInput input, TranscodeEncoding encoding, TranscodeSessionSettings sessions, TranscodingSettings transcoding, string directory,
        ClipWriter clips, Action<TranscodeSessionInfo> report, TimeProvider clock, ILogger log)
    {
        this.created = created;
        this.input = input;
        this.encoding = encoding;
        this.sessions = sessions;
        this.transcoding = transcoding;
        this.directory = directory;
        this.clips = clips;
        this.report = report;
        this.clock = clock;
        this.log = log;
        Receive<Poll>(_ => Check());
        ReceiveAsync<StopTranscodeSession>(message => EndAsync(TranscodeSessionState.Stopped, message.Reason));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    protected override void PreStart()
    {
        var complete = input.Window is not null;
        try
        {
            ffmpeg = FfmpegProcess.Start(transcoding.Ffmpeg, FfmpegArguments.ForSession(encoding, input.Format, directory, sessions.SegmentDuration, complete));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Report(TranscodeSessionState.Failed, $"could not start {transcoding.Ffmpeg}: {e.Message}");
            Context.Stop(Self);
            return;
        }

        log.LogInformation("transcode session {Id}: ffmpeg {Pid} for {User} from /{Channel} ({Window})", created.Id, ffmpeg.Id, created.User, created.Key.Channel,
            complete ? $"{created.Key.StartUtc:O} to {created.Key.EndUtc:O}" : created.Key.StartUtc is { } start ? $"live from {start:O}" : "live");
        feeding = complete ? SendWindowAsync(ffmpeg, input.Window!, stop.Token) : SendLiveAsync(ffmpeg, stop.Token);
        Timers.StartPeriodicTimer("poll", Poll.Instance, PollInterval);
    }

    protected override void PostStop()
    {
        stop.Cancel();
        ffmpeg?.Kill();
        stop.Dispose();
    }

    /// <summary>The channel's chunks from the start on, through an Akka.Streams graph into stdin, until the session stops.</summary>
    private Task SendLiveAsync(FfmpegProcess process, CancellationToken cancellationToken)
    {
        var reader = new SourceChunkReader(input.Channel, Timeout.InfiniteTimeSpan, TimeSpan.MaxValue, (_, _) => { });
        return Source.From(() => reader.ReadAsync(input.FirstSeq, input.Format, cancellationToken))
            .RunWith(Sink.ForEachAsync<byte[]>(1, async chunk => await process.Input.WriteAsync(chunk, cancellationToken).ConfigureAwait(false)), Context.System.Materializer())
            .ContinueWith(_ => CloseInput(process), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The whole window, from the archive and the rewind buffer; stdin closes at its end and ffmpeg ends the playlist.</summary>
    private Task SendWindowAsync(FfmpegProcess process, ClipPlan window, CancellationToken cancellationToken) => Task.Run(
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
                // ffmpeg died or the session stopped: the process's end says which.
            }
            finally
            {
                await writer.CompleteAsync().ConfigureAwait(false);
                CloseInput(process);
            }
        },
        CancellationToken.None);

    private void Check()
    {
        if (ffmpeg is not { } process || state is not (TranscodeSessionState.Starting or TranscodeSessionState.Running))
        {
            return;
        }

        if (process.HasExited)
        {
            RunTask(() => ExitedAsync(process));
            return;
        }

        if (state == TranscodeSessionState.Starting && TranscodeSessionFiles.SegmentCount(directory) >= 2)
        {
            Report(TranscodeSessionState.Running, "");
        }
    }

    private async Task ExitedAsync(FfmpegProcess process)
    {
        await process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(true);
        var finished = input.Window is not null && process.ExitCode == 0;
        if (finished)
        {
            await EndAsync(TranscodeSessionState.Finished, "").ConfigureAwait(true);
            return;
        }

        await EndAsync(TranscodeSessionState.Failed, process.Describe()).ConfigureAwait(true);
    }

    private async Task EndAsync(TranscodeSessionState end, string reason)
    {
        if (state is TranscodeSessionState.Finished or TranscodeSessionState.Failed or TranscodeSessionState.Stopped)
        {
            return;
        }

        Timers.CancelAll();
        await stop.CancelAsync().ConfigureAwait(true);
        if (ffmpeg is { } process)
        {
            process.Kill();
            await process.DisposeAsync().ConfigureAwait(true);
            ffmpeg = null;
        }

        if (feeding is { } sending)
        {
            await sending.ConfigureAwait(true);
        }

        log.LogInformation("transcode session {Id} {State}{Reason}", created.Id, end.ToString().ToLowerInvariant(), reason.Length > 0 ? ": " + reason : "");
        Report(end, reason);
        Context.Stop(Self);
    }

    private void Report(TranscodeSessionState reached, string reason)
    {
        state = reached;
        report(created with { State = reached, Error = reason });
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
}

/// <summary>Stop a transcode session: ffmpeg goes; its owner removes the files.</summary>
/// <param name="Reason">Why, for the log and the API.</param>
public sealed record StopTranscodeSession(string Reason);
