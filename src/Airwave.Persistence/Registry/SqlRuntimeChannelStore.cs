namespace Airwave.Persistence.Registry;

/// <summary>The runtime channels in the node's database, table <c>runtime_channel</c>: its primary key settles two nodes adding one name at once.</summary>
internal sealed class SqlRuntimeChannelStore(ISqlDatabase database) : IRuntimeChannelStore
{
    private readonly string table = database.Tables.RuntimeChannel;

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.ReadRowsAsync($"SELECT definition FROM {table} ORDER BY name", _ => { }, row => row.GetString(0), cancellationToken).ConfigureAwait(false);

    public async Task<bool> AddAsync(string name, string definition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(definition);
        return await database.ExecuteAsync(
            $"INSERT INTO {table} (name, definition) VALUES (@name, @definition) ON CONFLICT (name) DO NOTHING",
            command =>
            {
                command.With("name", name);
                command.With("definition", definition);
            },
            cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return await database.ExecuteAsync($"DELETE FROM {table} WHERE name = @name", command => command.With("name", name), cancellationToken).ConfigureAwait(false) > 0;
    }
}
