using System.Text;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Schema;

/// <summary>
/// A database written by the version that kept its own journal (schema 3) opens on schema 4 with everything a user would
/// miss carried over: runtime channels as the journal last left them, resumable sessions, ended-connection records and
/// each counter's newest reservation; the old journal tables are gone.
/// </summary>
public abstract class EarlierVersionUpgradeTests(BackendFixture backend)
{
    private const long Created = 1_796_000_000_000;

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
            new("channel-sequence/live", 4, "channel.sequence-reserved.v1", """{"upTo":3999}""", Created),
            new("channel-sequence/live", 5, "channel.sequence-reserved.v1", """{"upTo":4999}""", Created),
            new("segment-sequence/live", 2, "channel.segment-sequence-reserved.v1", """{"mediaUpTo":1999,"discontinuityUpTo":99}""", Created),
        ]);

        await using var upgraded = await PersistenceStoreFactory.OpenAsync(options);

        Assert.Equal((3, 4), (upgraded.MigratedFrom, upgraded.SchemaVersion));
        var channels = await upgraded.RuntimeChannels.ListAsync();
        Assert.Equal(2, channels.Count);
        Assert.Contains("\"news\"", channels[0], StringComparison.Ordinal);
        Assert.Contains("\"rock\"", channels[1], StringComparison.Ordinal);
        var session = await upgraded.Sessions.LoadAsync("abc");
        Assert.NotNull(session);
        Assert.Equal(7, session.Version);
        Assert.Contains("\"playheadSeq\":42", Encoding.UTF8.GetString(session.State), StringComparison.Ordinal);
        Assert.Null(await upgraded.Sessions.LoadAsync("gone"));
        var records = await upgraded.Sessions.ConnectionRecordsSinceAsync(DateTime.UnixEpoch, 10);
        Assert.Equal("""{"sessionId":"abc","bytes":10}""", Encoding.UTF8.GetString(Assert.Single(records)));
        Assert.Equal("""{"upTo":4999}""", Encoding.UTF8.GetString((await upgraded.EarlierReservations.ReadAsync("channel-sequence/live"))!));
        Assert.Contains("\"mediaUpTo\":1999", Encoding.UTF8.GetString((await upgraded.EarlierReservations.ReadAsync("segment-sequence/live"))!), StringComparison.Ordinal);
        Assert.Null(await upgraded.EarlierReservations.ReadAsync("channel-sequence/other"));
        Assert.Equal(
            ["archive_segment", "earlier_reservation", "listener_connection", "listener_session", "runtime_channel", "schema_version"],
            await backend.TablesAsync(options));
    }

    [Fact]
    public async Task A_session_carried_over_expires_by_when_the_earlier_version_last_wrote_it()
    {
        var options = backend.FreshDatabase();
        await backend.CreateVersion3DatabaseAsync(options, [
            new("session/old", 2, "listener.session-checkpoint.v1", """{"sessionId":"old"}""", Created),
            new("session/new", 2, "listener.session-checkpoint.v1", """{"sessionId":"new"}""", Created + 60_000),
        ]);

        await using var upgraded = await PersistenceStoreFactory.OpenAsync(options);

        Assert.Equal(1, await upgraded.Sessions.DeleteLastSeenBeforeAsync(DateTime.UnixEpoch.AddMilliseconds(Created + 30_000)));
        Assert.Null(await upgraded.Sessions.LoadAsync("old"));
        Assert.NotNull(await upgraded.Sessions.LoadAsync("new"));
    }
}

public sealed class SqliteEarlierVersionUpgradeTests(SqliteBackendFixture backend) : EarlierVersionUpgradeTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlEarlierVersionUpgradeTests(PostgreSqlBackendFixture backend) : EarlierVersionUpgradeTests(backend), IClassFixture<PostgreSqlBackendFixture>;
