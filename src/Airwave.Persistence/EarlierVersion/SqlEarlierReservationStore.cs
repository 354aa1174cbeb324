namespace Airwave.Persistence.EarlierVersion;

/// <summary>The earlier version's reservations in table <c>earlier_reservation</c>, read-only.</summary>
internal sealed class SqlEarlierReservationStore(ISqlDatabase database) : IEarlierReservationStore
{
    private readonly string selectSql = $"SELECT payload FROM {database.Tables.EarlierReservation} WHERE persistence_id = @pid";

    public async Task<byte[]?> ReadAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.Command(selectSql);
            select.With("pid", persistenceId);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }
}
