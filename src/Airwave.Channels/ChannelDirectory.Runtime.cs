using System.Collections.Concurrent;
using Airwave.Channels.Registry;
using Airwave.Streaming.Channels;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels;

/// <summary>Channels added and removed at runtime through the admin API, persisted by the <see cref="ChannelRegistryActor"/>.</summary>
public sealed partial class ChannelDirectory
{
    private readonly ConcurrentDictionary<string, RuntimeChannel> runtimeChannels = new(StringComparer.Ordinal);
    private IActorRef? registry;

    /// <summary>The definition of a channel added at runtime, or null for configured channels.</summary>
    public RuntimeChannel? RuntimeDefinition(string id) => runtimeChannels.GetValueOrDefault(id);

    /// <summary>Every channel added at runtime, through the admin API or from the channel list.</summary>
    public IReadOnlyCollection<RuntimeChannel> RuntimeDefinitions => [.. runtimeChannels.Values];

    /// <summary>True when the configuration file defines channel <paramref name="name"/>.</summary>
    public bool IsConfigured(string name) => configured.Any(s => s.Name == name);

    /// <summary>
    /// Gives a runtime channel a new definition: recorded, and the channel restarted with it where it runs here (its
    /// rewind dump kept, its listeners reconnecting); a node running it elsewhere restarts it at its next refresh.
    /// </summary>
    /// <returns>False when no runtime channel has that name.</returns>
    public async Task<bool> ReplaceAsync(RuntimeChannel definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!runtimeChannels.ContainsKey(definition.Name)
                || !await registry!.Ask<bool>(reply => new RemoveRuntimeChannel(definition.Name, reply), StartTimeout, cancellationToken).ConfigureAwait(false)
                || !await registry.Ask<bool>(reply => new AddRuntimeChannel(definition, reply), StartTimeout, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await RestartAsync(definition, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            creating.Release();
        }
    }

    private async Task RestartAsync(RuntimeChannel definition, CancellationToken cancellationToken)
    {
        runtimeChannels[definition.Name] = definition;
        if (channels.ContainsKey(definition.Name))
        {
            await StopChannelAsync(definition.Name, cancellationToken).ConfigureAwait(false);
            await StartChannelAsync(SettingsOf(definition), cancellationToken).ConfigureAwait(false);
            log.LogInformation("channel /{Id} restarted with its new definition", definition.Name);
        }
    }

    /// <summary>Adds and starts a channel; persisted, so it is started again after a restart.</summary>
    /// <returns>False when a channel of that name exists already.</returns>
    public async Task<bool> AddAsync(RuntimeChannel definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Exists(definition.Name)
                || !await registry!.Ask<bool>(reply => new AddRuntimeChannel(definition, reply), StartTimeout, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            runtimeChannels[definition.Name] = definition;
            if (Placement.IsLocal(definition.Name))
            {
                await StartChannelAsync(SettingsOf(definition), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Placement.Request(definition.Name);
            }

            return true;
        }
        finally
        {
            creating.Release();
        }
    }

    /// <summary>Stops and forgets a channel added at runtime; configured channels cannot be removed this way.</summary>
    /// <returns>False when no runtime-added channel has that id.</returns>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!runtimeChannels.ContainsKey(id)
                || !await registry!.Ask<bool>(reply => new RemoveRuntimeChannel(id, reply), StartTimeout, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            runtimeChannels.TryRemove(id, out _);
            await StopChannelAsync(id, cancellationToken).ConfigureAwait(false);
            DeleteRewindDump(id);
            log.LogInformation("channel /{Id} removed", id);
            return true;
        }
        finally
        {
            creating.Release();
        }
    }

    private async Task StartRuntimeChannelsAsync(CancellationToken cancellationToken)
    {
        registry = system.ActorOf(Props.Create(() => new ChannelRegistryActor(stores.RuntimeChannels)), "channel-registry");
        var added = await registry.Ask<IReadOnlyList<RuntimeChannel>>(reply => new ListRuntimeChannels(reply), StartTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var definition in added)
        {
            if (Exists(definition.Name))
            {
                log.LogWarning("channel {Name} was added at runtime and is also configured; the configuration wins", definition.Name);
                continue;
            }

            runtimeChannels[definition.Name] = definition;
            if (Placement.IsLocal(definition.Name))
            {
                await StartChannelAsync(SettingsOf(definition), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes in the channels other nodes added or removed since (the registry reads the shared database); a removed one stops here.</summary>
    private async Task RefreshRuntimeChannelsAsync()
    {
        if (registry is null || RuntimeRefreshInterval is null)
        {
            return;
        }

        IReadOnlyList<RuntimeChannel> listed;
        try
        {
            listed = await registry.Ask<IReadOnlyList<RuntimeChannel>>(reply => new ListRuntimeChannels(reply), StartTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or AskTimeoutException)
        {
            // The database is down: the placement is still followed, with the runtime channels known from before.
            log.LogWarning("could not read the runtime channels ({Reason}); keeping the {Count} known", e.Message, runtimeChannels.Count);
            return;
        }

        var names = listed.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in runtimeChannels.Keys.Where(name => !names.Contains(name)).ToList())
        {
            runtimeChannels.TryRemove(gone, out _);
            await StopChannelAsync(gone, CancellationToken.None).ConfigureAwait(false);
            DeleteRewindDump(gone);
            log.LogInformation("channel /{Id} was removed on another node", gone);
        }

        foreach (var added in listed.Where(c => !runtimeChannels.ContainsKey(c.Name) && configured.All(s => s.Name != c.Name)))
        {
            runtimeChannels[added.Name] = added;
            log.LogInformation("channel /{Id} was added on another node", added.Name);
        }

        foreach (var changed in listed.Where(c => runtimeChannels.TryGetValue(c.Name, out var known) && !known.SameAs(c)).ToList())
        {
            await RestartAsync(changed, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the rewind dump the stopped channel wrote on its way out. A removed channel is gone for good, so its dump
    /// would only hold disk space, and a channel added later under the same name would restore the old one's audio.
    /// </summary>
    private void DeleteRewindDump(string id)
    {
        var dump = ChannelActor.DumpPathOf(Path.Combine(dataDirectory, "rewind"), id);
        foreach (var path in new[] { dump, ChannelActor.EpochPathOf(dump), dump + ".tmp" })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning("could not delete {Path} of the removed channel /{Id}: {Reason}", path, id, e.Message);
            }
        }
    }

    private ChannelSettings SettingsOf(RuntimeChannel definition)
    {
        var settings = ChannelSettingsReader.Read(configuration, definition.Name);
        return settings with
        {
            Password = definition.Password,
            StreamName = definition.Title.Length > 0 ? definition.Title : settings.StreamName,
            Pull = settings.Pull with { Upstreams = definition.Upstreams, OnDemand = definition.OnDemand },
        };
    }
}
