using Airwave.Persistence.Analytics;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Analytics;

/// <summary>The rolled-up listens on SQLite and PostgreSQL: thousands per batch, progress replacing what was stored, windows by overlap, pruning by age.</summary>
public abstract class ListenStoreTests(BackendFixture backend)
{
    private readonly IListenStore store = backend.Stores.Listens;

    [Fact]
    public async Task A_batch_writes_thousands_of_listens_and_a_later_batch_replaces_their_progress()
    {
        var start = Epoch();
        var channel = "many-" + Guid.NewGuid().ToString("N")[..8];
        var listens = Enumerable.Range(0, 3_000).Select(i => Listen(channel, start.AddSeconds(i), TimeSpan.FromSeconds(30), ended: false)).ToList();

        await store.SaveAsync(listens);
        await store.SaveAsync([.. listens.Take(500).Select(l => l with { LastUtc = l.LastUtc.AddMinutes(1), Listened = TimeSpan.FromSeconds(90), Bytes = 99, Ended = true, EndReason = "listener left" })]);

        var stored = await store.ReadAsync(channel, start, start.AddHours(2)).ToListAsync();
        Assert.Equal(listens.Select(l => l.ListenId), stored.Select(l => l.ListenId));
        Assert.Equal(500, stored.Count(l => l is { Ended: true, Bytes: 99, EndReason: "listener left" } && l.Listened == TimeSpan.FromSeconds(90)));
        Assert.Equal(listens[2_999], stored[2_999]);
    }

    [Fact]
    public async Task A_window_reads_the_listens_overlapping_it_of_one_channel_or_all()
    {
        var start = Epoch();
        var (jazz, news) = ("jazz-" + Guid.NewGuid().ToString("N")[..8], "news-" + Guid.NewGuid().ToString("N")[..8]);
        var before = Listen(jazz, start.AddHours(-2), TimeSpan.FromHours(1), ended: true);
        var across = Listen(jazz, start.AddMinutes(-30), TimeSpan.FromHours(1), ended: true);
        var inside = Listen(news, start.AddMinutes(10), TimeSpan.FromMinutes(5), ended: false);
        var after = Listen(jazz, start.AddHours(1), TimeSpan.FromMinutes(5), ended: true);
        await store.SaveAsync([before, across, inside, after]);

        var window = await store.ReadAsync(null, start, start.AddHours(1)).ToListAsync();
        Assert.Equal([across.ListenId, inside.ListenId], window.Where(l => l.Channel == jazz || l.Channel == news).Select(l => l.ListenId));
        Assert.Equal([across.ListenId], (await store.ReadAsync(jazz, start, start.AddHours(1)).ToListAsync()).Select(l => l.ListenId));
    }

    [Fact]
    public async Task Pruning_deletes_the_listens_last_written_before_the_cutoff()
    {
        var start = Epoch();
        var channel = "pruned-" + Guid.NewGuid().ToString("N")[..8];
        var old = Listen(channel, start.AddDays(-100), TimeSpan.FromMinutes(1), ended: true);
        var recent = Listen(channel, start.AddDays(-1), TimeSpan.FromMinutes(1), ended: true);
        await store.SaveAsync([old, recent]);

        Assert.True(await store.PruneAsync(start.AddDays(-90)) >= 1);

        Assert.Equal([recent.ListenId], (await store.ReadAsync(channel, start.AddDays(-200), start).ToListAsync()).Select(l => l.ListenId));
    }

    [Fact]
    public async Task Text_is_stored_as_written_whatever_its_length_or_script()
    {
        var start = Epoch();
        var channel = "radio-é-" + Guid.NewGuid().ToString("N")[..8];
        var agent = string.Concat(Enumerable.Repeat("Ünïcödé 電台 🎧 ", 25));
        var listen = Listen(channel, start, TimeSpan.FromMinutes(1), ended: true) with { UserAgent = agent[..^1], Client = "2001:db8::1" };
        var shorter = Listen(channel, start.AddSeconds(1), TimeSpan.FromMinutes(1), ended: false) with { UserAgent = "" };

        await store.SaveAsync([listen, shorter]);

        Assert.Equal([listen, shorter], await store.ReadAsync(channel, start, start.AddHours(1)).ToListAsync());
    }

    [Fact]
    public async Task A_row_the_database_refuses_fails_its_whole_batch_and_writes_none_of_it()
    {
        var start = Epoch();
        var channel = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var fine = Listen(channel, start, TimeSpan.FromMinutes(1), ended: true);
        var refused = Listen(channel, start.AddSeconds(1), TimeSpan.FromMinutes(1), ended: true) with { EndReason = null! };

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.SaveAsync([fine, refused]));

        Assert.Empty(await store.ReadAsync(channel, start, start.AddHours(1)).ToListAsync());
        await store.SaveAsync([fine]);
        Assert.Equal([fine], await store.ReadAsync(channel, start, start.AddHours(1)).ToListAsync());
    }

    /// <summary>A time of its own per test, so tests sharing a database never read each other's listens by time alone.</summary>
    private static DateTime Epoch() => new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(Random.Shared.Next(10_000));

    private static ListenRow Listen(string channel, DateTime started, TimeSpan length, bool ended) => new(
        Guid.NewGuid().ToString("N"), "s-" + Guid.NewGuid().ToString("N"), channel, "raw", "10.0.0.1", "VLC/3.0", "node-a", TimeSpan.Zero, started, started + length, length, 1_000, ended, ended ? "listener left" : "");
}

public sealed class SqliteListenStoreTests(SqliteBackendFixture backend) : ListenStoreTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlListenStoreTests(PostgreSqlBackendFixture backend) : ListenStoreTests(backend), IClassFixture<PostgreSqlBackendFixture>;
