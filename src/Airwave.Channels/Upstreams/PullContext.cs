using Airwave.Channels.Ingest;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Sources;
using Airwave.Streaming.Upstreams;
using Akka.Actor;
using Akka.Streams;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Upstreams;

/// <summary>One pull attempt's view of its channel and upstream: attaches as the channel's source, hands chunks and titles over, counts bytes.</summary>
public sealed class PullContext
{
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(10);
    private readonly Action onStreaming;
    private bool attached;
    private bool streaming;
    private string? lastTitle;

    public PullContext(LiveChannel channel, IActorRef channelActor, UpstreamHealth health, PullSettings settings, HttpClient http, ReadPacer pacer, IMaterializer materializer, TimeProvider clock, ILogger log, Action onStreaming)
    {
        Channel = channel;
        ChannelActor = channelActor;
        Health = health;
        Settings = settings;
        Http = http;
        Pacer = pacer;
        Materializer = materializer;
        Clock = clock;
        Log = log;
        this.onStreaming = onStreaming;
    }

    public LiveChannel Channel { get; }

    /// <summary>The channel's actor, which takes the attempt's source, chunks and titles.</summary>
    public IActorRef ChannelActor { get; }

    public UpstreamHealth Health { get; }

    public UpstreamSettings Upstream => Health.Upstream;

    public PullSettings Settings { get; }

    public HttpClient Http { get; }

    /// <summary>Paces the reads of a stream that keeps up, together with every other pull of the node.</summary>
    public ReadPacer Pacer { get; }

    /// <summary>Runs the attempt's ingest graph.</summary>
    public IMaterializer Materializer { get; }

    public TimeProvider Clock { get; }

    public ILogger Log { get; }

    /// <summary>The source id this attempt feeds the channel under; a new one per attempt, so each reconnect is a discontinuity.</summary>
    public Guid SourceId { get; } = Guid.NewGuid();

    /// <summary>Becomes the channel's source.</summary>
    /// <exception cref="UpstreamException">The channel refused (a pushed source holds the mount).</exception>
    public async Task AttachAsync(SourceDescriptor source, CancellationToken cancellationToken)
    {
        var result = await ChannelActor.Ask<SourceAttachResult>(reply => new AttachSource(source, reply), AttachTimeout, cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            throw new UpstreamException(UpstreamFailureKind.Failed, "the channel refused the upstream: " + result.Reason);
        }

        attached = true;
    }

    /// <summary>Reports that media flows (called by whoever hands chunks to the channel).</summary>
    public void MediaFlows()
    {
        if (!streaming)
        {
            streaming = true;
            onStreaming();
        }
    }

    /// <summary>Passes an in-band title on when it changed.</summary>
    public void Title(string title, string? url)
    {
        if (title == lastTitle)
        {
            return;
        }

        lastTitle = title;
        ChannelActor.Tell(new UpdateMetadata(title, string.IsNullOrEmpty(url) ? null : url));
    }

    /// <summary>Stops being the channel's source.</summary>
    public void Detach(string reason)
    {
        if (attached)
        {
            attached = false;
            ChannelActor.Tell(new DetachSource(SourceId, reason));
        }
    }
}
