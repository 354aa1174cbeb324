using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>
/// What the stages that turn their input into chunks through a feed (<see cref="TsChunking"/>, <see cref="SegmentChunking"/>)
/// share: one element can finish several chunks, which wait here, in <see cref="ChunkCustody"/>, until pulled; the next
/// element is read only when none waits; the end of the input flushes the feed.
/// </summary>
/// <typeparam name="TIn">What the stage reads.</typeparam>
internal abstract class ChunkingLogic<TIn> : GraphStageLogic
{
    private readonly Inlet<TIn> inlet;
    private readonly Outlet<AssembledChunk> outlet;
    private readonly ChunkCustody custody;
    private readonly Action onFirstChunk;
    private readonly Queue<AssembledChunk> finished = new();
    private bool upstreamDone;
    private bool flowing;

    /// <param name="shape">The stage's inlet and outlet.</param>
    /// <param name="custody">Holds the chunks until the channel has them.</param>
    /// <param name="onFirstChunk">Called once, when the first chunk goes out: the input proved to be media.</param>
    protected ChunkingLogic(FlowShape<TIn, AssembledChunk> shape, ChunkCustody custody, Action onFirstChunk)
        : base(shape)
    {
        inlet = shape.Inlet;
        outlet = shape.Outlet;
        this.custody = custody;
        this.onFirstChunk = onFirstChunk;
        SetHandler(inlet, onPush: OnPush, onUpstreamFinish: OnUpstreamFinish);
        SetHandler(outlet, onPull: Deliver);
    }

    /// <summary>Feeds one element to the feed, whose finished chunks go to <see cref="Finished"/>.</summary>
    /// <returns>False when the element failed the stage.</returns>
    protected abstract bool Write(TIn element);

    /// <summary>Hands what the feed holds on as a last chunk.</summary>
    protected abstract void Flush();

    /// <summary>Where the feed hands each finished chunk.</summary>
    protected void Finished(AssembledChunk chunk)
    {
        if (custody.Take(chunk))
        {
            finished.Enqueue(chunk);
        }
    }

    private void OnPush()
    {
        if (Write(Grab(inlet)))
        {
            Deliver();
        }
    }

    private void OnUpstreamFinish()
    {
        upstreamDone = true;
        Flush();
        if (IsAvailable(outlet))
        {
            Deliver();
        }
    }

    private void Deliver()
    {
        if (finished.TryDequeue(out var chunk))
        {
            if (!flowing)
            {
                flowing = true;
                onFirstChunk();
            }

            Push(outlet, chunk);
        }
        else if (upstreamDone)
        {
            CompleteStage();
        }
        else if (!HasBeenPulled(inlet))
        {
            Pull(inlet);
        }
    }
}
