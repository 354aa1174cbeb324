using System.Text;
using Npgsql;

namespace Airwave.Cluster.Membership;

/// <summary>The <c>cluster_member</c> and <c>cluster_event</c> tables: every status change is a conditional update recorded as an event in the same statement; times come from the database clock.</summary>
internal sealed class MembershipTable(NpgsqlDataSource dataSource, string schema) : IAsyncDisposable
{
    private const string LiveStatuses = "('Joining', 'Up', 'Leaving', 'Exiting')";
    private readonly string members = SchemaName.Quote(schema) + ".cluster_member";
    private readonly string events = SchemaName.Quote(schema) + ".cluster_event";

    public static async Task<MembershipTable> OpenAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await MembershipSchema.CreateAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
            return new MembershipTable(dataSource, schema);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Inserts a new incarnation as Joining with a first heartbeat.</summary>
    public async Task<MembershipEvent> RegisterAsync(ClusterOptions options, Guid incarnation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"WITH inserted AS (INSERT INTO {members} (address, incarnation, roles, status, app_version, admin_address, heartbeat_at, joined_at, updated_at) " +
            "VALUES (@address, @incarnation, @roles, 'Joining', @version, @admin, now(), now(), now()) RETURNING address, incarnation) " +
            $"INSERT INTO {events} (at, address, incarnation, from_status, to_status, reason) " +
            "SELECT now(), address, incarnation, NULL, 'Joining', 'joined' FROM inserted " +
            "RETURNING id, at, address, incarnation, from_status, to_status, reason");
        command.Parameters.AddWithValue("address", options.Address);
        command.Parameters.AddWithValue("incarnation", incarnation);
        command.Parameters.AddWithValue("roles", options.Roles.ToArray());
        command.Parameters.AddWithValue("version", options.AppVersion);
        command.Parameters.AddWithValue("admin", options.AdminAddress);
        return (await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Records a heartbeat; returns the member's status, or null when its row is gone.</summary>
    public async Task<MemberStatus?> HeartbeatAsync(string address, Guid incarnation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {members} SET heartbeat_at = now() WHERE address = @address AND incarnation = @incarnation RETURNING status");
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("incarnation", incarnation);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string status ? Enum.Parse<MemberStatus>(status) : null;
    }

    /// <summary>Every member, reachable when its last heartbeat is at most <paramref name="timeout"/> old.</summary>
    public async Task<IReadOnlyList<Member>> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT address, incarnation, roles, status, now() - heartbeat_at <= @timeout, EXTRACT(EPOCH FROM now() - heartbeat_at)::float8, " +
            $"app_version, admin_address, joined_at, updated_at FROM {members} ORDER BY address, joined_at");
        command.Parameters.AddWithValue("timeout", timeout);
        var result = new List<Member>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new Member(
                reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2), Enum.Parse<MemberStatus>(reader.GetString(3)), reader.GetBoolean(4),
                Math.Round(Math.Max(0, reader.GetDouble(5)), 1), reader.GetString(6), reader.GetString(7), reader.GetDateTime(8), reader.GetDateTime(9)));
        }

        return result;
    }

    /// <summary>Moves the members that match <paramref name="filter"/> to <paramref name="to"/>; returns one event per member changed.</summary>
    public async Task<IReadOnlyList<MembershipEvent>> TransitionAsync(MemberFilter filter, MemberStatus to, string reason, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("status = ANY(@from)");
        await using var command = dataSource.CreateCommand();
        command.Parameters.AddWithValue("from", filter.From.Select(s => s.ToString()).ToArray());
        command.Parameters.AddWithValue("to", to.ToString());
        command.Parameters.AddWithValue("reason", reason);
        if (filter.Address is { } address)
        {
            where.Append(" AND address = @address");
            command.Parameters.AddWithValue("address", address);
        }

        if (filter.Incarnation is { } incarnation)
        {
            where.Append(" AND incarnation = @incarnation");
            command.Parameters.AddWithValue("incarnation", incarnation);
        }

        if (filter.ExceptIncarnation is { } except)
        {
            where.Append(" AND incarnation <> @except");
            command.Parameters.AddWithValue("except", except);
        }

        if (filter.SilentFor is { } silent)
        {
            where.Append(" AND heartbeat_at < now() - @silent");
            command.Parameters.AddWithValue("silent", silent);
        }

        if (filter.NoOtherLiveIncarnation)
        {
            where.Append(" AND NOT EXISTS (SELECT 1 FROM ").Append(members).Append(" x WHERE x.address = t.address AND x.incarnation <> t.incarnation AND x.status IN ").Append(LiveStatuses).Append(')');
        }

#pragma warning disable CA2100 // Table names are validated identifiers and the conditions constant fragments; every value is a parameter.
        command.CommandText =
            $"WITH target AS (SELECT address, incarnation, status FROM {members} t WHERE {where} ORDER BY address, incarnation FOR UPDATE), " +
            $"changed AS (UPDATE {members} m SET status = @to, updated_at = now() FROM target " +
            "WHERE m.address = target.address AND m.incarnation = target.incarnation RETURNING m.address, m.incarnation, target.status AS from_status) " +
            $"INSERT INTO {events} (at, address, incarnation, from_status, to_status, reason) " +
            "SELECT now(), address, incarnation, from_status, @to, @reason FROM changed ORDER BY address, incarnation " +
            "RETURNING id, at, address, incarnation, from_status, to_status, reason";
#pragma warning restore CA2100
        var changed = await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. changed.OrderBy(e => e.Id)];
    }

    /// <summary>Deletes members that were removed longer than <paramref name="ago"/>; their events stay.</summary>
    public async Task PruneRemovedAsync(TimeSpan ago, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {members} WHERE status = 'Removed' AND updated_at < now() - @ago");
        command.Parameters.AddWithValue("ago", ago);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MembershipEvent>> EventsAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id, at, address, incarnation, from_status, to_status, reason FROM {events} WHERE id > @after ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id of the latest event, 0 when there is none.</summary>
    public async Task<long> LastEventIdAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT COALESCE(MAX(id), 0) FROM {events}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task<IReadOnlyList<MembershipEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<MembershipEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new MembershipEvent(
                reader.GetInt64(0), reader.GetDateTime(1), reader.GetString(2), reader.GetGuid(3),
                reader.IsDBNull(4) ? null : Enum.Parse<MemberStatus>(reader.GetString(4)), Enum.Parse<MemberStatus>(reader.GetString(5)), reader.GetString(6)));
        }

        return result;
    }
}
