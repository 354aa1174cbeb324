using System.Collections.Concurrent;
using Airwave.Channels.Ingest;
using Airwave.Channels.Supervision;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Upstreams;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Upstreams;

/// <summary>The upstream actors of this node's pulled channels (<c>/user/upstreams/&lt;channel&gt;</c>) and the HTTP clients they share.</summary>
public sealed class PulledChannels : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, IActorRef> actors = new(StringComparer.Ordinal);
    /// <summary>
    /// How often a pulled upstream that keeps up is read (<see cref="ReadPacer"/>): a quarter of a second adds at most that
    /// to the audio's way into a chunk of half a second, and turns an upstream's ten slices a second into four reads.
    /// </summary>
    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(250);

    private readonly UpstreamHttp http = new();
    private readonly ReadPacer pacer;
    private readonly ActorSystem system;
    private readonly TimeProvider clock;
    private readonly ILogger<UpstreamActor> log;
    private readonly Lock starting = new();
    private IActorRef? supervisor;

    public PulledChannels(ActorSystem system, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.system = system;
        this.clock = clock;
        pacer = new ReadPacer(ReadInterval, clock);
        log = loggers.CreateLogger<UpstreamActor>();
    }

    /// <summary>The upstream actor of channel <paramref name="id"/>, or null when it is not pulled.</summary>
    public IActorRef? Find(string id) => actors.GetValueOrDefault(id);

    /// <summary>Starts pulling <paramref name="channel"/> from its configured upstreams into its actor <paramref name="channelActor"/>.</summary>
    public async Task StartAsync(LiveChannel channel, IActorRef channelActor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (starting)
        {
            supervisor ??= system.ActorOf(Props.Create(() => new ChildSupervisor()), "upstreams");
        }

        var props = Props.Create(() => new UpstreamActor(channel, channelActor, http, pacer, clock, log, new Random()));
        actors[channel.Id] = await supervisor.Ask<IActorRef>(new ChildSupervisor.StartChild(props, channel.Id), Timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops pulling channel <paramref name="id"/>: its upstream connection closes before this returns.</summary>
    public async Task StopAsync(string id)
    {
        if (actors.TryRemove(id, out var actor) && !await ActorStop.GracefullyAsync(actor, StopPulling.Instance, Timeout).ConfigureAwait(false))
        {
            log.LogWarning("the upstream actor of /{Id} did not stop within {Timeout}", id, Timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in actors.Keys.ToList())
        {
            await StopAsync(id).ConfigureAwait(false);
        }

        http.Dispose();
        pacer.Dispose();
    }
}
