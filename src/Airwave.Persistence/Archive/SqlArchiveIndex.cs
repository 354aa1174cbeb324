using System.Data.Common;
using System.Globalization;

namespace Airwave.Persistence.Archive;

/// <summary>The archive index in the persistence database (SQLite or PostgreSQL), table <c>archive_segment</c>.</summary>
internal sealed class SqlArchiveIndex(ISqlDatabase database) : IArchiveIndex
{
    private const string Columns = "channel, media_sequence, first_seq, last_seq, start_ticks, duration_ticks, bytes, discontinuity, path";
    private readonly string table = database.Tables.ArchiveSegment;

    public Task AddAsync(string store, ArchiveSegmentRecord segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return database.ExecuteAsync(
            $"INSERT INTO {table} ({Columns}, end_ticks, store) VALUES (@channel, @ms, @first, @last, @start, @duration, @bytes, @disc, @path, @end, @store) " +
            "ON CONFLICT (channel, media_sequence) DO UPDATE SET first_seq = excluded.first_seq, last_seq = excluded.last_seq, " +
            "start_ticks = excluded.start_ticks, duration_ticks = excluded.duration_ticks, bytes = excluded.bytes, " +
            "discontinuity = excluded.discontinuity, path = excluded.path, end_ticks = excluded.end_ticks, store = excluded.store",
            insert =>
            {
                insert.With("store", store);
                insert.With("channel", segment.Channel);
                insert.With("ms", segment.MediaSequence);
                insert.With("first", segment.FirstSeq);
                insert.With("last", segment.LastSeq);
                insert.With("start", segment.StartTicks);
                insert.With("duration", segment.DurationTicks);
                insert.With("bytes", segment.Bytes);
                insert.With("disc", segment.Discontinuity);
                insert.With("path", segment.Path);
                insert.With("end", segment.EndTicks);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ArchiveSegmentRecord>> OverlappingAsync(string channel, long fromTicks, long toTicks, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM {table} WHERE channel = @channel AND start_ticks < @to AND end_ticks > @from ORDER BY start_ticks, media_sequence",
            command =>
            {
                command.With("channel", channel);
                command.With("from", fromTicks);
                command.With("to", toTicks);
            },
            cancellationToken);

    public async Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(
            $"SELECT {Columns} FROM {table} WHERE channel = @channel AND media_sequence = @ms",
            command =>
            {
                command.With("channel", channel);
                command.With("ms", mediaSequence);
            },
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<ArchiveSegmentRecord>> OldestAsync(string store, string channel, long endTicks, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM {table} WHERE store = @store AND channel = @channel AND end_ticks <= @end ORDER BY start_ticks, media_sequence LIMIT {Limit(limit)}",
            command =>
            {
                command.With("store", store);
                command.With("channel", channel);
                command.With("end", endTicks);
            },
            cancellationToken);

    public async Task<long> TotalBytesAsync(string store, string channel, CancellationToken cancellationToken = default) =>
        Convert.ToInt64(
            await database.ReadScalarAsync(
                $"SELECT COALESCE(SUM(bytes), 0) FROM {table} WHERE store = @store AND channel = @channel",
                sum =>
                {
                    sum.With("store", store);
                    sum.With("channel", channel);
                },
                cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<string>> ChannelsAsync(string store, CancellationToken cancellationToken = default) =>
        await database.ReadRowsAsync($"SELECT DISTINCT channel FROM {table} WHERE store = @store ORDER BY channel", command => command.With("store", store), row => row.GetString(0), cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<ArchiveSegmentRecord>> UnclaimedAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM {table} WHERE store = '' ORDER BY channel, media_sequence LIMIT {Limit(limit)}", _ => { }, cancellationToken);

    public Task ClaimAsync(string store, IReadOnlyCollection<ArchiveSegmentRecord> segments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return segments.Count == 0
            ? Task.CompletedTask
            : database.WriteAsync(
                async (connection, transaction, ct) =>
                {
                    // Only rows no store holds yet: two masters sharing one archive directory claim the same rows with the same id.
                    using var claim = connection.Command($"UPDATE {table} SET store = @store WHERE store = '' AND channel = @channel AND media_sequence = @ms", transaction);
                    claim.With("store", store);
                    var channel = claim.With("channel", "");
                    var sequence = claim.With("ms", 0L);
                    foreach (var segment in segments)
                    {
                        channel.Value = segment.Channel;
                        sequence.Value = segment.MediaSequence;
                        await claim.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
    }

    public Task DeleteAsync(string channel, IReadOnlyCollection<long> mediaSequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaSequences);
        if (mediaSequences.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                using var delete = connection.Command($"DELETE FROM {table} WHERE channel = @channel AND media_sequence = @ms", transaction);
                delete.With("channel", channel);
                var sequence = delete.With("ms", 0L);
                foreach (var mediaSequence in mediaSequences)
                {
                    sequence.Value = mediaSequence;
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    private static string Limit(int limit) => limit.ToString(CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<ArchiveSegmentRecord>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        await database.ReadRowsAsync(
            sql,
            bind,
            row => new ArchiveSegmentRecord(
                row.GetString(0),
                row.GetInt64(1),
                row.GetInt64(2),
                row.GetInt64(3),
                row.GetInt64(4),
                row.GetInt64(5),
                row.GetInt64(6),
                Convert.ToBoolean(row.GetValue(7), CultureInfo.InvariantCulture),
                row.GetString(8)),
            cancellationToken).ConfigureAwait(false);
}
