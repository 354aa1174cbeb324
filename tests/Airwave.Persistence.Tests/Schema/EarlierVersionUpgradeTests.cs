using System.Text;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Schema;

/// <summary>
/// A database written by the version that kept its own journal (schema 3) opens on the latest schema with everything a
/// user would miss carried over: runtime channels as the journal last left them, resumable sessions (waiting for the node
/// to move them into Akka.Persistence), ended-connection records (as listens since schema 7) and each counter's newest reservation; the old journal
/// tables are gone.
/// </summary>
public abstract class EarlierVersionUpgradeTests(BackendFixture backend)
{
    private const long Created = 1_796_000_000_000;

    /// <summary>A connection record as the version that wrote them did: half an hour of listening, five minutes behind live.</summary>
    private static readonly string FullRecord = $$"""
        {"sessionId":"s2","connectionId":"fedcba98-7654-3210-fedc-ba9876543210","channel":"live","remote":"10.0.0.9","userAgent":"VLC/3.0.18",
         "startedUtc":"{{DateTime.UnixEpoch.AddMilliseconds(Created).AddMinutes(-30):o}}","endedUtc":"{{DateTime.UnixEpoch.AddMilliseconds(Created):o}}",
         "bytes":28800000,"playheadUtc":"{{DateTime.UnixEpoch.AddMilliseconds(Created).AddMinutes(-5):o}}","shift":"00:05:00","endReason":"listener left"}
        """;

    [Fact]
    public async Task Opening_a_version_3_database_carries_over_channels_sessions_records_and_reservations()
    {
        var options = backend.FreshDatabase();
        await backend.CreateVersion3DatabaseAsync(options, [
            new("channel-registry", 1, "channel-registry.added.v1", """{"channel":{"name":"jazz","password":"p","upstreams":[],"onDemand":false}}""", Created),
            new("channel-registry", 2, "channel-registry.added.v1", """{"channel":{"name":"news","password":"","upstreams":[],"onDemand":true}}""", Created),
            new("channel-registry", 3, "channel-registry.removed.v1", """{"name":"jazz"}""", Created),
            new("channel-registry", 4, "channel-registry.added.v1", """{"channel":{"name":"rock","password":"r","upstreams":[],"onDemand":false}}""", Created),
            new("session/abc", 6, "listener.session-checkpoint.v1", """{"sessionId":"abc","old":true}""", Created, Deleted: false),
            new("session/abc", 7, "listener.session-checkpoint.v1", """{"sessionId":"abc","playheadSeq":42}""", Created + 5_000),
            new("session/gone", 3, "listener.session-checkpoint.v1", """{"sessionId":"gone"}""", Created, Deleted: true),
            new("session-ended/0123456789abcdef0123456789abcdef", 1, "listener.session-ended.v1", """{"sessionId":"abc","bytes":10}""", Created),
            new("session-ended/fedcba9876543210fedcba9876543210", 1, "listener.session-ended.v1", FullRecord, Created),
            new("channel-sequence/live", 4, "channel.sequence-reserved.v1", """{"upTo":3999}""", Created),
            new("channel-sequence/live", 5, "channel.sequence-reserved.v1", """{"upTo":4999}""", Created),
            new("segment-sequence/live", 2, "channel.segment-sequence-reserved.v1", """{"mediaUpTo":1999,"discontinuityUpTo":99}""", Created),
        ]);

        await using var upgraded = await PersistenceStoreFactory.OpenAsync(options);

        Assert.Equal((3, 7), (upgraded.MigratedFrom, upgraded.SchemaVersion));
        var channels = await upgraded.RuntimeChannels.ListAsync();
        Assert.Equal(2, channels.Count);
        Assert.Contains("\"news\"", channels[0], StringComparison.Ordinal);
        Assert.Contains("\"rock\"", channels[1], StringComparison.Ordinal);
        var session = Assert.Single(await upgraded.EarlierSessions.ReadAsync(10));
        Assert.Equal(("abc", 7L), (session.SessionId, session.Version));
        Assert.Contains("\"playheadSeq\":42", Encoding.UTF8.GetString(session.State), StringComparison.Ordinal);
        var listens = await upgraded.Listens.ReadAsync(null, DateTime.UnixEpoch, DateTime.MaxValue).ToListAsync();
        Assert.Equal(2, listens.Count);
        var sparse = Assert.Single(listens, l => l.SessionId == "abc");
        Assert.Equal(("0123456789abcdef0123456789abcdef", "raw", 10L, true, TimeSpan.Zero), (sparse.ListenId, sparse.Output, sparse.Bytes, sparse.Ended, sparse.Listened));
        var full = Assert.Single(listens, l => l.SessionId == "s2");
        var ended = DateTime.UnixEpoch.AddMilliseconds(Created);
        Assert.Equal(
            ("live", "10.0.0.9", "VLC/3.0.18", TimeSpan.FromMinutes(5), ended.AddMinutes(-30), ended, TimeSpan.FromMinutes(30), 28_800_000L, "listener left"),
            (full.Channel, full.Client, full.UserAgent, full.Offset, full.StartedUtc, full.LastUtc, full.Listened, full.Bytes, full.EndReason));
        Assert.Equal("""{"upTo":4999}""", Encoding.UTF8.GetString((await upgraded.EarlierReservations.ReadAsync("channel-sequence/live"))!));
        Assert.Contains("\"mediaUpTo\":1999", Encoding.UTF8.GetString((await upgraded.EarlierReservations.ReadAsync("segment-sequence/live"))!), StringComparison.Ordinal);
        Assert.Null(await upgraded.EarlierReservations.ReadAsync("channel-sequence/other"));
        Assert.Equal(
            ["archive_segment", "earlier_listener_session", "earlier_reservation", "listen", "runtime_channel", "schema_version"],
            await backend.TablesAsync(options));
    }

    [Fact]
    public async Task Earlier_sessions_are_read_in_batches_and_forgotten_once_moved()
    {
        var options = backend.FreshDatabase();
        await backend.CreateVersion3DatabaseAsync(options, [
            new("session/a", 2, "listener.session-checkpoint.v1", """{"sessionId":"a"}""", Created),
            new("session/b", 2, "listener.session-checkpoint.v1", """{"sessionId":"b"}""", Created),
            new("session/c", 2, "listener.session-checkpoint.v1", """{"sessionId":"c"}""", Created),
        ]);
        await using var upgraded = await PersistenceStoreFactory.OpenAsync(options);

        var first = await upgraded.EarlierSessions.ReadAsync(2);
        Assert.Equal(["a", "b"], first.Select(s => s.SessionId));
        await upgraded.EarlierSessions.ForgetAsync([.. first.Select(s => s.SessionId)]);

        Assert.Equal(["c"], (await upgraded.EarlierSessions.ReadAsync(2)).Select(s => s.SessionId));
    }
}

public sealed class SqliteEarlierVersionUpgradeTests(SqliteBackendFixture backend) : EarlierVersionUpgradeTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlEarlierVersionUpgradeTests(PostgreSqlBackendFixture backend) : EarlierVersionUpgradeTests(backend), IClassFixture<PostgreSqlBackendFixture>;
