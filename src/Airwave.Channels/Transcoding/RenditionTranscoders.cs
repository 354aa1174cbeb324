using System.Collections.Concurrent;
using Airwave.Channels.Supervision;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Transcoding;

/// <summary>The transcoder actors of this node's renditions (<c>/user/transcoders/&lt;rendition channel&gt;</c>) and the process slots they share.</summary>
public sealed class RenditionTranscoders : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, IActorRef> actors = new(StringComparer.Ordinal);
    private readonly ActorSystem system;
    private readonly TimeProvider clock;
    private readonly ILogger<TranscoderActor> log;
    private readonly Lock starting = new();
    private IActorRef? supervisor;

    public RenditionTranscoders(ActorSystem system, TranscodingSettings settings, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        this.system = system;
        this.clock = clock;
        Settings = settings;
        Slots = new TranscoderSlots(settings.MaxProcesses);
        log = loggers.CreateLogger<TranscoderActor>();
    }

    /// <summary>The node's <c>airwave.transcoding</c> settings.</summary>
    public TranscodingSettings Settings { get; }

    /// <summary>The node's ffmpeg processes, against <c>transcoding.max-processes</c>.</summary>
    public TranscoderSlots Slots { get; }

    /// <summary>Starts making <paramref name="target"/> (a rendition's channel) from its source channel, which <paramref name="findSource"/> finds while it runs here.</summary>
    public async Task StartAsync(LiveChannel target, IActorRef targetActor, Func<LiveChannel?> findSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var rendition = target.Settings.Rendition ?? throw new ArgumentException($"{target.Settings.Mount} is not a rendition", nameof(target));
        lock (starting)
        {
            supervisor ??= system.ActorOf(Props.Create(() => new ChildSupervisor()), "transcoders");
        }

        var props = Props.Create(() => new TranscoderActor(rendition, findSource, target, targetActor, Slots, Settings, clock, log, new Random()));
        actors[target.Id] = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(props, target.Id), Timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops making rendition channel <paramref name="id"/>: its ffmpeg is gone before this returns.</summary>
    public async Task StopAsync(string id)
    {
        if (actors.TryRemove(id, out var actor) && !await ActorStop.GracefullyAsync(actor, StopTranscoder.Instance, Timeout).ConfigureAwait(false))
        {
            log.LogWarning("the transcoder of /{Id} did not stop within {Timeout}", id, Timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in actors.Keys.ToList())
        {
            await StopAsync(id).ConfigureAwait(false);
        }
    }
}
