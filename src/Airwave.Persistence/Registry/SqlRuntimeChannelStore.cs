namespace Airwave.Persistence.Registry;

/// <summary>The runtime channels in the node's database, table <c>runtime_channel</c>: its primary key settles two nodes adding one name at once.</summary>
internal sealed class SqlRuntimeChannelStore(ISqlDatabase database) : IRuntimeChannelStore
{
    private readonly string table = database.Tables.RuntimeChannel;

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.Command($"SELECT definition FROM {table} ORDER BY name");
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var definitions = new List<string>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    definitions.Add(reader.GetString(0));
                }

                return definitions;
            }
        }
    }

    public Task<bool> AddAsync(string name, string definition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(definition);
        return ChangeAsync(
            $"INSERT INTO {table} (name, definition) VALUES (@name, @definition) ON CONFLICT (name) DO NOTHING",
            command =>
            {
                command.With("name", name);
                command.With("definition", definition);
            },
            cancellationToken);
    }

    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ChangeAsync($"DELETE FROM {table} WHERE name = @name", command => command.With("name", name), cancellationToken);
    }

    /// <summary>Runs one statement in a write transaction; true when it changed a row.</summary>
    private async Task<bool> ChangeAsync(string sql, Action<System.Data.Common.DbCommand> bind, CancellationToken cancellationToken)
    {
        var changed = false;
        await database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                using var command = connection.Command(sql, transaction);
                bind(command);
                changed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
            },
            cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
