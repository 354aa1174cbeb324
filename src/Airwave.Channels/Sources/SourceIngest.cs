using System.Diagnostics;
using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Sources;

/// <summary>Runs a source's audio bytes through the ingest graph — bytes → frames → chunks → the channel actor — until the source ends.</summary>
/// <remarks>
/// Shared by pushed sources (Icecast PUT/SOURCE) and pulled Icecast/HTTP upstreams; the framer resyncs after garbage on
/// its own. Every way the bytes can end completes the graph rather than failing it (<see cref="ByteStreamEnd"/>), so the
/// chunks already made still reach the channel; the cause only decides the <see cref="SourceOutcome"/>.
/// </remarks>
public sealed class SourceIngest
{
    private readonly LiveChannel channel;
    private readonly IActorRef actor;
    private readonly SourceDescriptor source;
    private readonly TimeSpan timeout;
    private readonly IMaterializer materializer;
    private ByteStreamEnd? end;

    /// <param name="channel">The channel the source is attached to.</param>
    /// <param name="actor">The channel's actor, which gets the chunks and titles.</param>
    /// <param name="source">The attached source; its id goes with every chunk.</param>
    /// <param name="timeout">How long the source may send nothing, or nothing that is audio, before it counts as gone.</param>
    /// <param name="materializer">The node's actor system's materializer, which runs the graph.</param>
    public SourceIngest(LiveChannel channel, IActorRef actor, SourceDescriptor source, TimeSpan timeout, IMaterializer materializer)
    {
        this.channel = channel;
        this.actor = actor;
        this.source = source;
        this.timeout = timeout;
        this.materializer = materializer;
    }

    /// <summary>Bytes of audio framed so far.</summary>
    public long FramedBytes { get; private set; }

    /// <summary>True when the run was ended because nothing the framer took as audio came for the timeout (bytes may have).</summary>
    public bool NoAudio { get; private set; }

    /// <summary>Garbage bytes the framer skipped.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>The read error that ended the stream, if one did (the connection broke rather than closed, or its framing did).</summary>
    /// <remarks>Known by the time the verdict callback runs, so a verdict on a stream cut short can defer to the error.</remarks>
    public IOException? ReadError => end?.ReadError;

    /// <summary>Ingests a pushed source's request body until it ends, stalls or sends no audio past the timeout, or is not audio.</summary>
    /// <param name="body">The source's audio bytes.</param>
    /// <param name="pacer">The node's clock for reads of a source that keeps up (<see cref="PipeReaderSource.Create"/>).</param>
    /// <param name="mark">The source socket's receive mark (<see cref="ReceiveMark"/>), or null.</param>
    /// <param name="onVerdict">Called once: true at the first whole frame, false when the stream is not audio.</param>
    /// <param name="cancellationToken">Stops the graph through its kill switch (shutdown, connection aborted).</param>
    public Task<SourceOutcome> RunAsync(PipeReader body, ReadPacer pacer, ReceiveMark? mark, Func<bool, ValueTask> onVerdict, CancellationToken cancellationToken) =>
        RunAsync(PipeReaderSource.Create(body, cancellationToken, pacer, mark), onVerdict, cancellationToken);

    /// <summary>Ingests audio bytes until they end, stall past the timeout, or are not audio.</summary>
    /// <param name="bytes">The audio bytes; a read error (<see cref="IOException"/>) or a cancelled read ends them like their end.</param>
    /// <param name="onVerdict">Called once: true at the first whole frame, false when the stream is not audio.</param>
    /// <param name="cancellationToken">Stops the graph through its kill switch (shutdown, connection aborted).</param>
    public async Task<SourceOutcome> RunAsync(Source<ByteString, NotUsed> bytes, Func<bool, ValueTask> onVerdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(onVerdict);
        var custody = new ChunkCustody();
        var end = this.end = new ByteStreamEnd();
        var ((stop, progress), appended) = end.Watch(bytes, timeout)
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .ViaMaterialized(IngestFlow.Create(source.Format, channel.Settings.ChunkDuration, title => actor.Tell(new UpdateMetadata(title, null)), custody), Keep.Both)
            .ToMaterialized(Sink.FromGraph(new ChannelActorSink(actor, source.Id, custody)), Keep.Both)
            .Run(materializer);
        bool? verdict;
        using var watching = new CancellationTokenSource();
        var watchdog = WatchFramesAsync(progress, stop, watching.Token);
        try
        {
            await using (cancellationToken.Register(stop.Shutdown).ConfigureAwait(false))
            {
                verdict = await progress.Verdict.ConfigureAwait(false);
                if (verdict is { } isAudio)
                {
                    await AnswerAsync(onVerdict, isAudio, stop).ConfigureAwait(false);
                }

                await appended.ConfigureAwait(false);
            }
        }
        finally
        {
            // Past an unexpected error (a verdict callback failing) the graph must not keep reading; after a normal end this does nothing.
            stop.Shutdown();
            await watching.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            custody.ReleaseAll();
            FramedBytes = progress.FramedBytes;
            SkippedBytes = progress.SkippedBytes;
        }

        return cancellationToken.IsCancellationRequested ? SourceOutcome.Cancelled
            : verdict == false ? SourceOutcome.NotAudio
            : end.Stalled || NoAudio ? SourceOutcome.TimedOut
            : SourceOutcome.Ended;
    }

    /// <summary>
    /// Ends the run when the framer has taken no audio for the timeout although bytes may still be arriving. The idle
    /// timeout on the bytes only sees a source that goes quiet; one that keeps sending garbage after valid audio kept
    /// the mount while listeners got nothing and were never moved to the fallback. The framer's count of framed bytes is
    /// checked ten times per timeout, so such a source is dropped within 1.1 timeouts, as a silent one is.
    /// </summary>
    private async Task WatchFramesAsync(IngestProgress progress, UniqueKillSwitch stop, CancellationToken cancellationToken)
    {
        var framed = progress.FramedBytes;
        var since = Stopwatch.GetTimestamp();
        using var ticks = new PeriodicTimer(timeout / 10);
        try
        {
            while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = progress.FramedBytes;
                if (now != framed)
                {
                    (framed, since) = (now, Stopwatch.GetTimestamp());
                }
                else if (Stopwatch.GetElapsedTime(since) >= timeout)
                {
                    NoAudio = true;
                    stop.Shutdown();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended first.
        }
    }

    /// <summary>A source whose connection breaks while it is answered has ended: what it sent still reaches the channel.</summary>
    private static async Task AnswerAsync(Func<bool, ValueTask> onVerdict, bool isAudio, UniqueKillSwitch stop)
    {
        try
        {
            await onVerdict(isAudio).ConfigureAwait(false);
        }
        catch (IOException)
        {
            stop.Shutdown();
        }
    }
}
