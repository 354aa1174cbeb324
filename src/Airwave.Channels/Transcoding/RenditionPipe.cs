using System.IO.Pipelines;
using Airwave.Channels.Ingest;
using Airwave.Channels.Sources;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Transcoding;
using Airwave.Streaming.Upstreams;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// One ffmpeg run of a rendition as two Akka.Streams graphs: the source channel's chunks into ffmpeg's stdin, and
/// ffmpeg's stdout through the ingest graph (framing, chunking, stall watch) into the rendition's channel actor.
/// </summary>
/// <param name="source">The channel the rendition is made from.</param>
/// <param name="target">The rendition's channel.</param>
/// <param name="targetActor">The rendition's channel actor, to which this run is attached as its source.</param>
/// <param name="settings">The stall timeout.</param>
/// <param name="materializer">Runs both graphs.</param>
public sealed class RenditionPipe(LiveChannel source, LiveChannel target, IActorRef targetActor, TranscodingSettings settings, IMaterializer materializer)
{
    /// <summary>How long ffmpeg gets to write out what it holds once its input is closed, before it is killed.</summary>
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Feeds ffmpeg from chunk <paramref name="firstSeq"/> until the source or ffmpeg ends the run, and ingests what it
    /// writes under <paramref name="attached"/> (attached by the caller); returns why the run ended and where the next may start.
    /// </summary>
    public async Task<RenditionRunEnd> RunAsync(FfmpegProcess ffmpeg, SourceDescriptor attached, long firstSeq, AudioFormat inputFormat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ffmpeg);
        var firstTitle = true;
        var reader = new SourceChunkReader(source, settings.StallTimeout / 2, SourceChunkReader.RenditionMaxJump, (playing, atTicks) =>
        {
            // The rendition's title was cleared when this run attached; an empty one at the start changes nothing.
            if (!firstTitle || playing.Title.Length > 0 || playing.Url is not null)
            {
                targetActor.Tell(new UpdateMetadata(playing.Title, playing.Url) { AtTicks = atTicks });
            }

            firstTitle = false;
        });
        var feeding = Source.From(() => reader.ReadAsync(firstSeq, inputFormat, cancellationToken))
            .RunWith(Sink.ForEachAsync<byte[]>(1, async chunk =>
            {
                await ffmpeg.Input.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                await ffmpeg.Input.FlushAsync(cancellationToken).ConfigureAwait(false);
            }), materializer)
            .ContinueWith(_ => CloseInput(ffmpeg), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var output = PipeReader.Create(ffmpeg.Output);
        SourceOutcome outcome;
        try
        {
            var bytes = PipeReaderSource.Create(output, cancellationToken);
            outcome = attached.Format == AudioFormat.MpegTs
                ? await IngestTransportStreamAsync(bytes, attached, cancellationToken).ConfigureAwait(false)
                : await new SourceIngest(target, targetActor, attached, settings.StallTimeout, materializer)
                    .RunAsync(bytes, _ => ValueTask.CompletedTask, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }

        if (outcome != SourceOutcome.Ended)
        {
            // Stalled, not audio, or stopping: ffmpeg goes now, which also ends the feeding at its next write.
            ffmpeg.Kill();
        }

        await ffmpeg.StopAsync(FinishTimeout).ConfigureAwait(false);
        await feeding.ConfigureAwait(false);
        var end = outcome switch
        {
            SourceOutcome.Cancelled => null,
            SourceOutcome.TimedOut => new TranscodeEnd(TranscodeEndKind.Stalled, $"ffmpeg wrote nothing for {settings.StallTimeout.TotalSeconds:0.#}s; {ffmpeg.Describe()}"),
            SourceOutcome.NotAudio => new TranscodeEnd(TranscodeEndKind.NotAudio, $"ffmpeg did not write {attached.Format}; {ffmpeg.Describe()}"),
            // ffmpeg finished: because its input ended (the source left or jumped), or on its own, which is a failure.
            _ => reader.End ?? new TranscodeEnd(TranscodeEndKind.Failed, ffmpeg.Describe()),
        };
        return new RenditionRunEnd(end, reader.End is null ? null : reader.NextSeq);
    }

    /// <summary>A video rendition's MPEG-TS, cut at its keyframes like a pulled transport stream, into the rendition's channel.</summary>
    private async Task<SourceOutcome> IngestTransportStreamAsync(Source<ByteString, NotUsed> bytes, SourceDescriptor attached, CancellationToken cancellationToken)
    {
        var custody = new ChunkCustody();
        var end = new ByteStreamEnd();
        var (stop, appended) = end.Watch(bytes, settings.StallTimeout)
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .Via(new TsChunking(target.Settings.ChunkDuration, custody, () => { }))
            .Buffer(IngestFlow.ChannelBufferChunks, OverflowStrategy.Backpressure)
            .ToMaterialized(Sink.FromGraph(new ChannelActorSink(targetActor, attached.Id, custody)), Keep.Both)
            .Run(materializer);
        try
        {
            await using (cancellationToken.Register(stop.Shutdown).ConfigureAwait(false))
            {
                await appended.ConfigureAwait(false);
            }
        }
        catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.NotMedia)
        {
            return SourceOutcome.NotAudio;
        }
        finally
        {
            stop.Shutdown();
            custody.ReleaseAll();
        }

        return cancellationToken.IsCancellationRequested ? SourceOutcome.Cancelled : end.Stalled ? SourceOutcome.TimedOut : SourceOutcome.Ended;
    }

    /// <summary>Closing stdin is how ffmpeg learns its input ended; a pipe that broke with ffmpeg has nothing left to close.</summary>
    private static void CloseInput(FfmpegProcess ffmpeg)
    {
        try
        {
            ffmpeg.Input.Close();
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>How a rendition's ffmpeg run ended.</summary>
/// <param name="End">Why; null when it was stopped.</param>
/// <param name="NextSeq">The source chunk the next run starts at when the source ended the run; null to resume from where the rendition's audio ends.</param>
public sealed record RenditionRunEnd(TranscodeEnd? End, long? NextSeq);
