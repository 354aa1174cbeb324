using Airwave.Persistence.Sessions;

namespace Airwave.Persistence.EarlierVersion;

/// <summary>The earlier version's sessions in table <c>earlier_listener_session</c>.</summary>
internal sealed class SqlEarlierSessionStore(ISqlDatabase database) : IEarlierSessionStore
{
    private readonly string selectSql = $"SELECT session_id, version, state FROM {database.Tables.EarlierListenerSession} ORDER BY session_id LIMIT @max";
    private readonly string deleteSql = $"DELETE FROM {database.Tables.EarlierListenerSession} WHERE session_id = @id";

    public async Task<IReadOnlyList<SessionStateWrite>> ReadAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return await database.ReadRowsAsync(
            selectSql,
            select => select.With("max", max),
            row => new SessionStateWrite(row.GetString(0), row.GetInt64(1), (byte[])row.GetValue(2)),
            cancellationToken).ConfigureAwait(false);
    }

    public Task ForgetAsync(IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        return sessionIds.Count == 0
            ? Task.CompletedTask
            : database.WriteAsync(
                async (connection, transaction, ct) =>
                {
                    using var delete = connection.Command(deleteSql, transaction);
                    var id = delete.With("id", string.Empty);
                    foreach (var sessionId in sessionIds)
                    {
                        id.Value = sessionId;
                        await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
    }
}
