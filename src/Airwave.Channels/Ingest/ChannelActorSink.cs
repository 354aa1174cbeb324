using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>The end of an ingest graph: tells each chunk to the channel actor as <see cref="IngestChunk"/> and pulls the next only once the channel answered <see cref="ChunkIngested"/>.</summary>
/// <remarks>
/// One chunk in flight at a time, so the channel's mailbox never holds more than one chunk per source however fast the
/// source sends; the buffer in front of this sink absorbs the rest and then backpressures. The sink watches the channel:
/// when it stops, the sink completes and the chunks still in the graph are released by <see cref="ChunkCustody"/>. The
/// materialized task completes once the last chunk is appended (or fails with the graph's failure).
/// </remarks>
public sealed class ChannelActorSink : GraphStageWithMaterializedValue<SinkShape<AssembledChunk>, Task>
{
    private readonly IActorRef channel;
    private readonly Guid sourceId;
    private readonly ChunkCustody custody;

    /// <param name="channel">The channel actor the chunks go to.</param>
    /// <param name="sourceId">The attached source the chunks are ingested under.</param>
    /// <param name="custody">Gives up each chunk as it is told to the channel.</param>
    public ChannelActorSink(IActorRef channel, Guid sourceId, ChunkCustody custody)
    {
        this.channel = channel;
        this.sourceId = sourceId;
        this.custody = custody;
        Shape = new SinkShape<AssembledChunk>(In);
    }

    public Inlet<AssembledChunk> In { get; } = new("ChannelActorSink.in");

    public override SinkShape<AssembledChunk> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("channel-sink");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, done), done.Task);
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly ChannelActorSink stage;
        private readonly TaskCompletionSource done;
        private StageActor? self;
        private bool awaitingAck;

        public Logic(ChannelActorSink stage, TaskCompletionSource done)
            : base(stage.Shape)
        {
            this.stage = stage;
            this.done = done;
            SetHandler(stage.In, onPush: OnPush, onUpstreamFinish: OnUpstreamFinish, onUpstreamFailure: OnUpstreamFailure);
        }

        public override void PreStart()
        {
            // The last chunk's answer still has to arrive after upstream completes.
            SetKeepGoing(true);
            self = GetStageActor(OnMessage);
            self.Watch(stage.channel);
            Pull(stage.In);
        }

        public override void PostStop() => done.TrySetResult();

        private void OnPush()
        {
            var chunk = Grab(stage.In);
            stage.custody.HandOver(chunk);
            awaitingAck = true;
            stage.channel.Tell(new IngestChunk(stage.sourceId, chunk), self!.Ref);
        }

        private void OnUpstreamFinish()
        {
            if (!awaitingAck)
            {
                CompleteStage();
            }
        }

        private void OnUpstreamFailure(Exception cause)
        {
            done.TrySetException(cause);
            FailStage(cause);
        }

        private void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                // An answer nobody waits for (a duplicate) must not pull twice.
                case ChunkIngested when awaitingAck:
                    awaitingAck = false;
                    if (IsClosed(stage.In))
                    {
                        CompleteStage();
                    }
                    else
                    {
                        Pull(stage.In);
                    }

                    break;
                case Terminated terminated when terminated.ActorRef.Equals(stage.channel):
                    CompleteStage();
                    break;
            }
        }
    }
}
