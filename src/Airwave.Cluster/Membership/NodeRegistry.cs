using Npgsql;

namespace Airwave.Cluster.Membership;

/// <summary>
/// The <c>cluster_node</c> table: where every node writes its Akka address beside its HTTP and admin addresses. It is
/// how nodes without seed nodes find each other and how the others reach a member's HTTP port; who is a member, and in
/// what state, is Akka.Cluster's alone. A row is live while its node refreshes it (<see cref="LiveFor"/>).
/// </summary>
public sealed class NodeRegistry : IAsyncDisposable
{
    /// <summary>How long a row counts as live after its node last refreshed it.</summary>
    public static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource dataSource;
    private readonly string schema;
    private readonly string nodes;

    private NodeRegistry(NpgsqlDataSource dataSource, string schema)
    {
        this.dataSource = dataSource;
        this.schema = schema;
        nodes = SchemaName.Quote(schema) + ".cluster_node";
    }

    /// <summary>Opens the table, creating the cluster tables when needed.</summary>
    public static async Task<NodeRegistry> OpenAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await ClusterSchema.CreateAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
            return new NodeRegistry(dataSource, schema);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every row, oldest start first.</summary>
    public async Task<IReadOnlyList<NodeEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT address, incarnation, http_address, admin_address, roles, journal, started_at, seen_at > now() - @live FROM {nodes} ORDER BY started_at, address");
        command.Parameters.AddWithValue("live", LiveFor);
        var result = new List<NodeEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new NodeEntry(
                reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetString(5),
                reader.GetDateTime(6), reader.GetBoolean(7)));
        }

        return result;
    }

    /// <summary>Writes <paramref name="entry"/> (a restarted node replaces its predecessor's row), seen now.</summary>
    public async Task RegisterAsync(NodeEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {nodes} (address, incarnation, http_address, admin_address, roles, journal, started_at, seen_at) " +
            "VALUES (@address, @incarnation, @http, @admin, @roles, @journal, now(), now()) " +
            "ON CONFLICT (address) DO UPDATE SET incarnation = EXCLUDED.incarnation, http_address = EXCLUDED.http_address, " +
            "admin_address = EXCLUDED.admin_address, roles = EXCLUDED.roles, journal = EXCLUDED.journal, started_at = now(), seen_at = now()");
        command.Parameters.AddWithValue("address", entry.Address);
        command.Parameters.AddWithValue("incarnation", entry.Incarnation);
        command.Parameters.AddWithValue("http", entry.HttpAddress);
        command.Parameters.AddWithValue("admin", entry.AdminAddress);
        command.Parameters.AddWithValue("roles", entry.Roles.ToArray());
        command.Parameters.AddWithValue("journal", entry.Journal);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks this incarnation's row seen now.</summary>
    public async Task RefreshAsync(string address, Guid incarnation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE {nodes} SET seen_at = now() WHERE address = @address AND incarnation = @incarnation");
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("incarnation", incarnation);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes this incarnation's row (it left the cluster), so no joining node tries it as a seed.</summary>
    public async Task RemoveAsync(string address, Guid incarnation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {nodes} WHERE address = @address AND incarnation = @incarnation");
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("incarnation", incarnation);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds the cluster's formation lock (a PostgreSQL session advisory lock) until the returned handle is disposed, so
    /// nodes starting at once join one after the other and never form two clusters side by side.
    /// </summary>
    public async Task<IAsyncDisposable> LockFormationAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('airwave.cluster.formation:' || @schema))", connection))
            {
                command.Parameters.AddWithValue("schema", schema);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new FormationLock(connection, schema);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <summary>Unlocks before the connection goes back to the pool, where a session lock would outlive its holder.</summary>
    private sealed class FormationLock(NpgsqlConnection connection, string schema) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('airwave.cluster.formation:' || @schema))", connection);
                command.Parameters.AddWithValue("schema", schema);
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
