using System.Collections.Concurrent;
using Airwave.Cluster.Membership;
using Npgsql;

namespace Airwave.Cluster.Leases;

/// <summary>
/// The <c>cluster_lease</c> table behind <see cref="PostgresLease"/>: a lease is taken only when free, expired or already
/// its owner's, and renewed or released only by its owner; every expiry is by the database clock, so node clocks never
/// matter. Its epoch, the fencing token, grows by one whenever the lease changes owner: an owner that finds the epoch it
/// last held knows nobody held the lease in between. One per connection string and schema, shared by every lease of the process.
/// </summary>
internal sealed class LeaseTable
{
    private static readonly ConcurrentDictionary<(string, string), LeaseTable> Tables = new();
    private readonly NpgsqlDataSource dataSource;
    private readonly string leases;

    private LeaseTable(string connectionString, string schema)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        leases = SchemaName.Quote(schema) + ".cluster_lease";
    }

    /// <summary>The table of that database and schema; created by the node at start (<see cref="ClusterSchema"/>).</summary>
    public static LeaseTable Of(string connectionString, string schema) => Tables.GetOrAdd((connectionString, schema), key => new LeaseTable(key.Item1, key.Item2));

    /// <summary>The lease's epoch when <paramref name="owner"/> holds <paramref name="name"/> for <paramref name="ttl"/> from now (taken or renewed); null when another owner holds it.</summary>
    public async Task<long?> AcquireAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {leases} AS l (name, owner, expires_at, updated_at, epoch) VALUES (@name, @owner, now() + @ttl, now(), 1) " +
            "ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at, " +
            "epoch = CASE WHEN l.owner = EXCLUDED.owner THEN l.epoch ELSE l.epoch + 1 END " +
            "WHERE l.owner = EXCLUDED.owner OR l.expires_at <= now() RETURNING epoch");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("ttl", ttl);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>
    /// True when <paramref name="owner"/> still holds <paramref name="name"/> at <paramref name="epoch"/> and now holds
    /// it for <paramref name="ttl"/> more. A lease that expired while its owner could not reach the database is renewed
    /// as long as nobody took it since: the epoch says so.
    /// </summary>
    public async Task<bool> RenewAsync(string name, string owner, long epoch, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {leases} SET expires_at = now() + @ttl, updated_at = now() WHERE name = @name AND owner = @owner AND epoch = @epoch");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("epoch", epoch);
        command.Parameters.AddWithValue("ttl", ttl);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Frees <paramref name="name"/> if <paramref name="owner"/> holds it.</summary>
    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE {leases} SET expires_at = now(), updated_at = now() WHERE name = @name AND owner = @owner");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The holder of <paramref name="name"/> while its lease is live, else null.</summary>
    public async Task<string?> HolderAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT owner FROM {leases} WHERE name = @name AND expires_at > now()");
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
