using System.Data.Common;
using System.Runtime.CompilerServices;
using Airwave.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Analytics;

/// <summary>The rolled-up listens in the node's database (SQLite or PostgreSQL), table <c>listen</c>.</summary>
/// <remarks>
/// A batch is one transaction: one <see cref="DbBatch"/> on PostgreSQL (one round trip for thousands of listens), one
/// statement prepared on SQLite's own handle and run for each row (<see cref="SqliteNativeStatement"/>), as SQLite runs
/// in-process. Reports stream their rows from a reader, so a month of listens is never held in memory at once.
/// </remarks>
internal sealed class SqlListenStore(ISqlDatabase database) : IListenStore
{
    private const string Columns =
        "listen_id, session_id, channel, output, client, user_agent, node, offset_ms, started_ticks, last_ticks, listened_ms, bytes, ended, end_reason";

    private readonly string saveSql =
        $"INSERT INTO {database.Tables.Listen} ({Columns}) VALUES (@listen, @session, @channel, @output, @client, @agent, @node, @offset, @started, @last, @listened, @bytes, @ended, @reason) " +
        "ON CONFLICT (listen_id) DO UPDATE SET last_ticks = excluded.last_ticks, listened_ms = excluded.listened_ms, bytes = excluded.bytes, " +
        "offset_ms = excluded.offset_ms, ended = excluded.ended, end_reason = excluded.end_reason";

    /// <summary>The save's parameters, named as in its SQL, in the order of <see cref="Write"/>.</summary>
    private static readonly string[] SaveParameters =
        ["@listen", "@session", "@channel", "@output", "@client", "@agent", "@node", "@offset", "@started", "@last", "@listened", "@bytes", "@ended", "@reason"];

    private readonly string readSql =
        $"SELECT {Columns} FROM {database.Tables.Listen} WHERE last_ticks >= @from AND started_ticks < @to ORDER BY started_ticks, listen_id";

    private readonly string readChannelSql =
        $"SELECT {Columns} FROM {database.Tables.Listen} WHERE channel = @channel AND last_ticks >= @from AND started_ticks < @to ORDER BY started_ticks, listen_id";

    private readonly string pruneSql = $"DELETE FROM {database.Tables.Listen} WHERE last_ticks < @before";

    public async Task SaveAsync(IReadOnlyList<ListenRow> listens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listens);
        if (listens.Count == 0)
        {
            return;
        }

        await database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                if (connection.CanCreateBatch)
                {
                    using var batch = connection.CreateBatch();
                    batch.Transaction = transaction;
                    foreach (var listen in listens)
                    {
                        var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // The table name comes from SqlTables; every value is a parameter.
                        command.CommandText = saveSql;
#pragma warning restore CA2100
                        Write(listen, new BatchValues(command));
                        batch.BatchCommands.Add(command);
                    }

                    await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    // SQLite, in-process: one statement run for every row, bound without Microsoft.Data.Sqlite's objects or a box per number.
                    using var save = new SqliteNativeStatement((SqliteConnection)connection, saveSql, SaveParameters);
                    foreach (var listen in listens)
                    {
                        ct.ThrowIfCancellationRequested();
                        Write(listen, new StatementValues(save));
                        save.Execute();
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ListenRow> ReadAsync(string? channel, DateTime fromUtc, DateTime toUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.Command(channel is null ? readSql : readChannelSql);
            select.With("from", fromUtc.Ticks);
            select.With("to", toUtc.Ticks);
            if (channel is not null)
            {
                select.With("channel", channel);
            }

            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return Row(reader);
                }
            }
        }
    }

    public Task<int> PruneAsync(DateTime beforeUtc, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(pruneSql, command => command.With("before", beforeUtc.Ticks), cancellationToken);

    /// <summary>Gives a listen's values to <paramref name="values"/>, by their place in <see cref="SaveParameters"/>.</summary>
    private static void Write<T>(ListenRow listen, T values)
        where T : IRowValues
    {
        values.Text(0, listen.ListenId);
        values.Text(1, listen.SessionId);
        values.Text(2, listen.Channel);
        values.Text(3, listen.Output);
        values.Text(4, listen.Client);
        values.Text(5, listen.UserAgent);
        values.Text(6, listen.Node);
        values.Number(7, (long)listen.Offset.TotalMilliseconds);
        values.Number(8, listen.StartedUtc.Ticks);
        values.Number(9, listen.LastUtc.Ticks);
        values.Number(10, (long)listen.Listened.TotalMilliseconds);
        values.Number(11, listen.Bytes);
        values.Number(12, listen.Ended ? 1 : 0);
        values.Text(13, listen.EndReason);
    }

    private static ListenRow Row(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        row.GetString(6),
        TimeSpan.FromMilliseconds(row.GetInt64(7)),
        new DateTime(row.GetInt64(8), DateTimeKind.Utc),
        new DateTime(row.GetInt64(9), DateTimeKind.Utc),
        TimeSpan.FromMilliseconds(row.GetInt64(10)),
        row.GetInt64(11),
        Convert.ToInt64(row.GetValue(12), System.Globalization.CultureInfo.InvariantCulture) != 0,
        row.GetString(13));

    /// <summary>Where a row's values go, each by its parameter's place.</summary>
    private interface IRowValues
    {
        void Text(int parameter, string? value);

        void Number(int parameter, long value);
    }

    /// <summary>A PostgreSQL batch command's parameters.</summary>
    private readonly struct BatchValues(DbBatchCommand command) : IRowValues
    {
        public void Text(int parameter, string? value) => command.With(SaveParameters[parameter], value);

        public void Number(int parameter, long value) => command.With(SaveParameters[parameter], value);
    }

    /// <summary>A SQLite statement's values, bound as they come: no array and no box per row.</summary>
    private readonly struct StatementValues(SqliteNativeStatement statement) : IRowValues
    {
        public void Text(int parameter, string? value) => statement.Bind(parameter, value);

        public void Number(int parameter, long value) => statement.Bind(parameter, value);
    }
}
