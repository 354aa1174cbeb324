using System.Collections.Concurrent;
using Airwave.Actors;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Supervision;

namespace Airwave.Streaming.Fetching;

/// <summary>The fetchers of this node's pulled channels (<c>/user/fetchers/&lt;channel&gt;</c>) and the HTTP clients they share.</summary>
public sealed class PulledChannels : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, IActorRef<FetcherCommand>> fetchers = new(StringComparer.Ordinal);
    private readonly UpstreamHttp http = new();
    private readonly ActorSystem system;
    private readonly TimeProvider clock;
    private IActorRef<ChildSupervisor<FetcherCommand>.Command>? supervisor;

    public PulledChannels(ActorSystem system, TimeProvider clock)
    {
        this.system = system;
        this.clock = clock;
    }

    /// <summary>The fetcher of channel <paramref name="id"/>, or null when it is not pulled.</summary>
    public IActorRef<FetcherCommand>? Find(string id) => fetchers.GetValueOrDefault(id);

    /// <summary>Starts pulling <paramref name="channel"/> from its configured upstreams.</summary>
    public async Task StartAsync(LiveChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        supervisor ??= system.Spawn(Props.Create(() => new ChildSupervisor<FetcherCommand>()), "fetchers");
        var props = Props.Create(() => new FetcherActor(channel, http, clock));
        fetchers[channel.Id] = await supervisor.Ask<IActorRef<FetcherCommand>>(
            reply => new ChildSupervisor<FetcherCommand>.StartChild(props, channel.Id, reply), Timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops pulling channel <paramref name="id"/> (its upstream connection closes).</summary>
    public async Task StopAsync(string id)
    {
        if (supervisor is not null && fetchers.TryRemove(id, out _))
        {
            await supervisor.Ask<bool>(reply => new ChildSupervisor<FetcherCommand>.StopChild(id, reply), Timeout).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in fetchers.Keys.ToList())
        {
            try
            {
                await StopAsync(id).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
            }
        }

        http.Dispose();
    }
}
