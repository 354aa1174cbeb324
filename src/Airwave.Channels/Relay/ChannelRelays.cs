using System.Collections.Concurrent;
using Airwave.Channels.Supervision;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Relay;
using Airwave.Streaming.Rewind;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Relay;

/// <summary>The channels this node relays from their owners, created on first request, each with its <see cref="RelayActor"/> under <c>/user/relays</c>.</summary>
public sealed class ChannelRelays : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, LiveChannel> relays = new(StringComparer.Ordinal);
    private readonly Lock creating = new();
    private readonly ActorSystem system;
    private readonly RelayOptions options;
    private readonly TimeProvider clock;
    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly ILogger<RelayActor> log;
    private IActorRef? supervisor;

    public ChannelRelays(ActorSystem system, RelayOptions options, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        log = loggers.CreateLogger<RelayActor>();
        this.system = system;
        this.options = options;
        this.clock = clock;
    }

    /// <summary>The relays created so far, whether their feed is open or idle.</summary>
    public IReadOnlyCollection<LiveChannel> All => relays.Values.ToList();

    /// <summary>The relay of channel <paramref name="id"/> if one was created.</summary>
    public LiveChannel? Find(string id) => relays.GetValueOrDefault(id);

    /// <summary>The relay of the channel <paramref name="settings"/> describes, created (idle, not yet connected) on first use.</summary>
    public LiveChannel GetOrCreate(ChannelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (relays.TryGetValue(settings.Name, out var existing))
        {
            return existing;
        }

        lock (creating)
        {
            if (relays.TryGetValue(settings.Name, out existing))
            {
                return existing;
            }

            var depth = options.Replica > TimeSpan.Zero && options.Replica < settings.Rewind ? options.Replica : settings.Rewind;
            var replica = new LiveChannel(settings, new RewindBuffer(new RewindBufferOptions { MaxDuration = depth }), clock)
            {
                Relay = new RelayState { Delay = options.Delay },
                Source = SourceState.Connected,
                SourceConnectedTicks = clock.GetUtcNow().UtcTicks,
            };
            supervisor ??= system.ActorOf(Props.Create(() => new ChildSupervisor()), "relays");
            supervisor.Tell(new ChildSupervisor.StartChild(Props.Create(() => new RelayActor(replica, options, http, clock, log)), settings.Name));
            relays[settings.Name] = replica;
            return replica;
        }
    }

    /// <summary>Stops every relay (their feeds close) and drops their listeners.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (id, replica) in relays)
        {
            replica.Listeners.DropAll("node shutting down");
            if (supervisor is not null
                && !await supervisor.Ask<bool>(new ChildSupervisor.StopChild(id, StopRelay.Instance, StopTimeout), StopTimeout * 2).ConfigureAwait(false))
            {
                log.LogWarning("the relay of /{Id} did not stop within {Timeout}", id, StopTimeout);
            }

            replica.Dispose();
        }

        relays.Clear();
        http.Dispose();
    }
}
