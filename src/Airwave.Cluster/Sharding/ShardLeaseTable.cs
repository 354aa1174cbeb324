using Airwave.Cluster.Membership;
using Npgsql;

namespace Airwave.Cluster.Sharding;

/// <summary>
/// The <c>cluster_shard_lease</c> table: a shard is acquired only when free or expired (its epoch, the fencing token, then
/// grows by one), renewed only by its owner at the same epoch until it released it, released by its owner; every time is
/// the database clock's. An owner may renew a lease that expired while it could not reach the database, as long as no
/// one acquired it since (the epoch is still its own).
/// </summary>
public sealed class ShardLeaseTable : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string leases;

    private ShardLeaseTable(NpgsqlDataSource dataSource, string schema)
    {
        this.dataSource = dataSource;
        leases = SchemaName.Quote(schema) + ".cluster_shard_lease";
    }

    /// <summary>Opens the table, creating the cluster tables when needed (the membership migration, idempotent).</summary>
    public static async Task<ShardLeaseTable> OpenAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await ClusterSchema.CreateAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
            return new ShardLeaseTable(dataSource, schema);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every lease row, live when it has not expired by the database clock.</summary>
    public async Task<IReadOnlyList<ShardLease>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT shard_id, owner_address, owner_incarnation, epoch, expires_at > now(), released FROM {leases} ORDER BY shard_id");
        var result = new List<ShardLease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ShardLease(
                reader.GetInt32(0), new ShardOwnerId(reader.GetString(1), reader.GetGuid(2)), reader.GetInt64(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }

        return result;
    }

    /// <summary>Takes those of <paramref name="shards"/> that are free or expired; returns the ones taken with their new epochs.</summary>
    public Task<IReadOnlyDictionary<int, long>> AcquireAsync(ShardOwnerId owner, IReadOnlyCollection<int> shards, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(
            $"INSERT INTO {leases} AS l (shard_id, owner_address, owner_incarnation, epoch, expires_at, updated_at, released) " +
            "SELECT id, @address, @incarnation, 1, now() + @ttl, now(), false FROM unnest(@ids) AS id " +
            "ON CONFLICT (shard_id) DO UPDATE SET owner_address = EXCLUDED.owner_address, owner_incarnation = EXCLUDED.owner_incarnation, " +
            "epoch = l.epoch + 1, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at, released = false WHERE l.expires_at <= now() " +
            "RETURNING shard_id, epoch");
        command.Parameters.AddWithValue("ids", shards.ToArray());
        command.Parameters.AddWithValue("ttl", ttl);
        return ExecuteAsync(command, owner, cancellationToken);
    }

    /// <summary>Extends the live leases <paramref name="owner"/> holds at the given epochs; returns the ones renewed.</summary>
    public Task<IReadOnlyDictionary<int, long>> RenewAsync(ShardOwnerId owner, IReadOnlyDictionary<int, long> held, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(
            $"UPDATE {leases} AS l SET expires_at = now() + @ttl, updated_at = now() FROM unnest(@ids, @epochs) AS k(id, epoch) " +
            "WHERE l.shard_id = k.id AND l.epoch = k.epoch AND l.owner_address = @address AND l.owner_incarnation = @incarnation AND NOT l.released " +
            "RETURNING l.shard_id, l.epoch");
        command.Parameters.AddWithValue("ids", held.Keys.ToArray());
        command.Parameters.AddWithValue("epochs", held.Keys.Select(k => held[k]).ToArray());
        command.Parameters.AddWithValue("ttl", ttl);
        return ExecuteAsync(command, owner, cancellationToken);
    }

    /// <summary>Ends the live leases of <paramref name="shards"/> that <paramref name="owner"/> holds, so another master may acquire them at once.</summary>
    public Task<IReadOnlyDictionary<int, long>> ReleaseAsync(ShardOwnerId owner, IReadOnlyCollection<int> shards, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(
            $"UPDATE {leases} SET expires_at = LEAST(expires_at, now()), updated_at = now(), released = true " +
            "WHERE shard_id = ANY(@ids) AND owner_address = @address AND owner_incarnation = @incarnation AND NOT released RETURNING shard_id, epoch");
        command.Parameters.AddWithValue("ids", shards.ToArray());
        return ExecuteAsync(command, owner, cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task<IReadOnlyDictionary<int, long>> ExecuteAsync(NpgsqlCommand command, ShardOwnerId owner, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("address", owner.Address);
            command.Parameters.AddWithValue("incarnation", owner.Incarnation);
            var result = new Dictionary<int, long>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetInt32(0)] = reader.GetInt64(1);
            }

            return result;
        }
    }
}
