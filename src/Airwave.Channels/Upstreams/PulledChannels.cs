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
    private readonly UpstreamHttp http = new();
    private readonly ReadPacer pacer;
    private readonly ActorSystem system;
    private readonly TimeProvider clock;
    private readonly ILogger<UpstreamActor> log;
    private readonly Lock starting = new();
    private IActorRef? supervisor;

    /// <param name="system">Where the upstream actors live.</param>
    /// <param name="pacer">The node's clock for the reads of sources that keep up.</param>
    /// <param name="clock">Time source.</param>
    /// <param name="loggers">Loggers of the upstream actors.</param>
    public PulledChannels(ActorSystem system, ReadPacer pacer, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.system = system;
        this.pacer = pacer;
        this.clock = clock;
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
    }
}
