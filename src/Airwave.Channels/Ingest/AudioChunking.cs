using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>The stage that turns a source's bytes, cut anywhere, into chunks of whole frames: bytes → frames → chunks.</summary>
/// <remarks>
/// Wraps <see cref="AudioFramer"/> and <see cref="ChunkAssembler"/>, one of each per materialization. Frames are slices of
/// the stage's own carry buffer and are copied once, into the chunk being assembled: no object per frame. The stage frames
/// only when a chunk is wanted downstream, so backpressure reaches the byte source. A leading ID3 title is reported before
/// the first chunk is pushed (so the channel sees it first); a stream that is not audio completes the stage. Every chunk
/// goes into <see cref="ChunkCustody"/> before it is pushed, so whatever is dropped further on is still released.
/// </remarks>
public sealed class AudioChunking : GraphStageWithMaterializedValue<FlowShape<ByteString, AssembledChunk>, IngestProgress>
{
    private readonly AudioFormat expectedFormat;
    private readonly TimeSpan chunkDuration;
    private readonly Action<string> onLeadingTitle;
    private readonly ChunkCustody custody;

    /// <param name="expectedFormat">The format the source announced (its Content-Type); <see cref="AudioFormat.Unknown"/> to sniff.</param>
    /// <param name="chunkDuration">About how much audio goes into one chunk.</param>
    /// <param name="onLeadingTitle">Called with the title of an ID3 tag at the very start of the stream.</param>
    /// <param name="custody">Holds the chunks until the channel has them.</param>
    public AudioChunking(AudioFormat expectedFormat, TimeSpan chunkDuration, Action<string> onLeadingTitle, ChunkCustody custody)
    {
        this.expectedFormat = expectedFormat;
        this.chunkDuration = chunkDuration;
        this.onLeadingTitle = onLeadingTitle;
        this.custody = custody;
        Shape = new FlowShape<ByteString, AssembledChunk>(In, Out);
    }

    public Inlet<ByteString> In { get; } = new("AudioChunking.in");

    public Outlet<AssembledChunk> Out { get; } = new("AudioChunking.out");

    public override FlowShape<ByteString, AssembledChunk> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("audio-chunking");

    public override ILogicAndMaterializedValue<IngestProgress> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var progress = new IngestProgress();
        return new LogicAndMaterializedValue<IngestProgress>(new Logic(this, progress), progress);
    }

    /// <remarks>Disposable for its pooled buffers; the stage's end of life is <see cref="PostStop"/>, which disposes it.</remarks>
    private sealed class Logic : GraphStageLogic, IDisposable
    {
        private readonly AudioChunking stage;
        private readonly IngestProgress progress;
        private readonly AudioFramer framer;
        private readonly ChunkAssembler assembler;
        private readonly CarryBuffer carry = new();
        private bool leadingTagChecked;
        private bool upstreamDone;

        public Logic(AudioChunking stage, IngestProgress progress)
            : base(stage.Shape)
        {
            this.stage = stage;
            this.progress = progress;
            framer = new AudioFramer(new AudioFramerOptions { ExpectedFormat = stage.expectedFormat });
            assembler = new ChunkAssembler(stage.chunkDuration);
            SetHandler(stage.In, onPush: OnPush, onUpstreamFinish: OnUpstreamFinish);
            SetHandler(stage.Out, onPull: Produce);
        }

        public override void PostStop()
        {
            progress.Ended();
            Dispose();
        }

        public void Dispose()
        {
            assembler.Dispose();
            carry.Dispose();
        }

        private void OnPush()
        {
            carry.Append(Grab(stage.In));
            Produce();
        }

        private void OnUpstreamFinish()
        {
            upstreamDone = true;
            if (IsAvailable(stage.Out))
            {
                Produce();
            }
        }

        /// <summary>Frames what is carried until one chunk is pushed, more bytes are needed, or the stream is over.</summary>
        private void Produce()
        {
            var buffer = carry.Unread;
            if (!leadingTagChecked)
            {
                if (!LeadingTitle.TryRead(buffer, upstreamDone, out var title))
                {
                    PullMore();
                    return;
                }

                leadingTagChecked = true;
                if (title is not null)
                {
                    stage.onLeadingTitle(title);
                }
            }

            AudioFramerStatus status;
            while ((status = framer.Read(ref buffer, upstreamDone, out var frame)) == AudioFramerStatus.Frame)
            {
                progress.Framed(frame.Length);
                var chunk = assembler.Add(frame);
                carry.Keep(buffer.Length);
                if (chunk is not null)
                {
                    progress.Skipped(framer.SkippedBytes);
                    Deliver(chunk);
                    return;
                }
            }

            carry.Keep(buffer.Length);
            progress.Skipped(framer.SkippedBytes);
            if (status == AudioFramerStatus.NotAudio)
            {
                progress.NotAudio();
                CompleteStage();
            }
            else if (!upstreamDone)
            {
                PullMore();
            }
            else
            {
                if (assembler.Flush() is { } last && stage.custody.Take(last))
                {
                    Push(stage.Out, last);
                }

                CompleteStage();
            }
        }

        private void Deliver(AssembledChunk chunk)
        {
            if (stage.custody.Take(chunk))
            {
                Push(stage.Out, chunk);
            }
            else
            {
                CompleteStage();
            }
        }

        private void PullMore()
        {
            if (!upstreamDone && !HasBeenPulled(stage.In))
            {
                Pull(stage.In);
            }
        }
    }
}
