using System.Data.Common;
using System.Text.Json;
using Airwave.Persistence.Registry;
using Akka.Actor;

namespace Airwave.Channels.Registry;

/// <summary>
/// The channels added and removed through the admin API, kept in the node's database so they come back after a
/// restart. In a cluster every node's registry reads and writes the same rows: a name's primary key settles two nodes
/// adding it at once, and a list always reads what the others wrote.
/// </summary>
/// <remarks>
/// Not an Akka.Persistence actor: Akka.Persistence allows one live writer per persistence id, and until the cluster
/// runs on Akka.Cluster (where the registry becomes one cluster-wide entity) every node writes. The actor still
/// serializes this node's changes, so an add and a remove of one name never cross.
/// </remarks>
public sealed class ChannelRegistryActor : ReceiveActor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ChannelRegistryActor(IRuntimeChannelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        ReceiveAsync<ListRuntimeChannels>(list => AnswerAsync(list.ReplyTo, async () =>
            (await store.ListAsync().ConfigureAwait(true)).Select(d => JsonSerializer.Deserialize<RuntimeChannel>(d, Json)!).ToList()));
        ReceiveAsync<AddRuntimeChannel>(add => AnswerAsync(add.ReplyTo, () => store.AddAsync(add.Channel.Name, JsonSerializer.Serialize(add.Channel, Json))));
        ReceiveAsync<RemoveRuntimeChannel>(remove => AnswerAsync(remove.ReplyTo, () => store.RemoveAsync(remove.Name)));
    }

    /// <summary>Replies with what <paramref name="work"/> returns, or at once with the failure when the database cannot be reached, so the asker need not wait out its timeout.</summary>
    private static async Task AnswerAsync<T>(IActorRef replyTo, Func<Task<T>> work)
    {
        try
        {
            replyTo.Tell(await work().ConfigureAwait(true));
        }
        catch (DbException e)
        {
            replyTo.Tell(new Status.Failure(e));
        }
    }
}
