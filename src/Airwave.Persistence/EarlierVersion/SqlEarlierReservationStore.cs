namespace Airwave.Persistence.EarlierVersion;

/// <summary>The earlier version's reservations in table <c>earlier_reservation</c>, read-only.</summary>
internal sealed class SqlEarlierReservationStore(ISqlDatabase database) : IEarlierReservationStore
{
    private readonly string selectSql = $"SELECT payload FROM {database.Tables.EarlierReservation} WHERE persistence_id = @pid";

    public async Task<byte[]?> ReadAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        return await database.ReadScalarAsync(selectSql, select => select.With("pid", persistenceId), cancellationToken).ConfigureAwait(false) as byte[];
    }
}
