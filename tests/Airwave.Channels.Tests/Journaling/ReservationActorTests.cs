using System.Data.Common;
using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Airwave.Channels.Tests.Journaling;

/// <summary>A counter's reservations in Akka.Persistence.Sql, on the node's real stores: they survive the actor system, keep one live row, and carry over from the earlier journal.</summary>
public abstract class ReservationActorTests : IAsyncLifetime
{
    private const string PersistenceId = "channel-sequence/live";
    private readonly List<ActorSystem> systems = [];

    protected abstract Config Journal { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var system in systems)
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task The_newest_reservation_survives_a_restart_of_the_actor_system()
    {
        var first = Start();
        await first.AppendAsync(new SequenceReserved(999));
        await first.AppendAsync(new SequenceReserved(1999));
        await systems[0].Terminate();

        var again = Start();

        Assert.Equal(new SequenceReserved(1999), await again.ReadLatestAsync());
    }

    [Fact]
    public async Task Only_the_newest_reservation_stays_in_the_journal()
    {
        var log = Start();
        // A burst: each write asks for the older rows to go while the deletion for the previous write may still run.
        for (var i = 1; i <= 20; i++)
        {
            await log.AppendAsync(new SequenceReserved((i * 1000) - 1));
        }

        // The deletion of the older rows follows each write; a new reservation is only ever read after recovery.
        await AwaitAssertAsync(async () => Assert.Equal(1, await LiveRowsAsync(PersistenceId)));
        Assert.Equal(new SequenceReserved(19_999), await log.ReadLatestAsync());
    }

    [Fact]
    public async Task A_counter_new_to_akka_carries_over_the_reservation_of_the_earlier_journal_once()
    {
        var carried = 0;
        var first = Start(() =>
        {
            carried++;
            return Task.FromResult<SequenceReserved?>(new SequenceReserved(41_999));
        });
        Assert.Equal(new SequenceReserved(41_999), await first.ReadLatestAsync());
        await systems[0].Terminate();

        var again = Start(() =>
        {
            carried++;
            return Task.FromResult<SequenceReserved?>(new SequenceReserved(5));
        });

        Assert.Equal(new SequenceReserved(41_999), await again.ReadLatestAsync());
        Assert.Equal(1, carried);
    }

    /// <summary>Rows of <paramref name="persistenceId"/> in the journal table that are not marked deleted.</summary>
    protected abstract Task<long> LiveRowsAsync(string persistenceId);

    private ReservationLog<SequenceReserved> Start(Func<Task<SequenceReserved?>>? carryOver = null)
    {
        var system = ActorSystem.Create("reservations-" + systems.Count, Journal);
        systems.Add(system);
        return TestJournals.Start(system, PersistenceId, carryOver);
    }

    private static async Task AwaitAssertAsync(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    protected static async Task<long> CountAsync(DbConnection connection, string sql, string persistenceId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = persistenceId;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteReservationActorTests : ReservationActorTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "airwave-reservations-" + Guid.NewGuid().ToString("N"));

    protected override Config Journal => TestJournals.Sqlite(directory);

    /// <summary>
    /// A data directory of the version before Akka.Persistence: opening it moved the counter's newest reservation into
    /// <c>earlier_reservation</c> (the Persistence tests prove that step), where it is read back and carried over.
    /// </summary>
    [Fact]
    public async Task A_data_directory_of_the_previous_version_keeps_its_numbers()
    {
        var options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory };
        await using var stores = await PersistenceStoreFactory.OpenAsync(options);
        await using (var connection = new SqliteConnection("Data Source=" + Path.Combine(directory, options.SqliteFileName)))
        {
            await connection.OpenAsync();
            await using var insert = new SqliteCommand(
                "INSERT INTO earlier_reservation (persistence_id, manifest, payload) VALUES ('channel-sequence/live', 'channel.sequence-reserved.v1', @json)", connection);
            insert.Parameters.AddWithValue("json", "{\"upTo\":6999}"u8.ToArray());
            await insert.ExecuteNonQueryAsync();
        }

        var earlier = new EarlierVersionReservations(stores.EarlierReservations);
        var system = ActorSystem.Create("upgraded", Journal);
        try
        {
            var sequence = new ChannelSequence(TestJournals.Start(system, "channel-sequence/live", () => earlier.ReadLatestAsync<SequenceReserved>("channel-sequence/live")));
            await sequence.RecoverAsync(highestHeld: -1);

            Assert.Equal(7000, await sequence.NextAsync());
        }
        finally
        {
            await system.Terminate();
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    protected override async Task<long> LiveRowsAsync(string persistenceId)
    {
        await using var connection = new SqliteConnection("Data Source=" + Path.Combine(directory, AkkaPersistenceConfig.SqliteJournalFile));
        await connection.OpenAsync();
        return await CountAsync(connection, "SELECT count(*) FROM akka_journal WHERE persistence_id = @id AND deleted = 0", persistenceId);
    }
}

public sealed class PostgreSqlReservationActorTests : ReservationActorTests
{
    private readonly string schema = $"t_{Guid.NewGuid():N}";

    protected override Config Journal => TestJournals.PostgreSql(TestJournals.PostgreSqlConnectionString, schema);

    public override Task InitializeAsync() => TestJournals.CreateSchemaAsync(schema);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestJournals.DropSchemaAsync(schema);
    }

    protected override async Task<long> LiveRowsAsync(string persistenceId)
    {
        await using var connection = new NpgsqlConnection(TestJournals.PostgreSqlConnectionString);
        await connection.OpenAsync();
        return await CountAsync(connection, $"SELECT count(*) FROM \"{schema}\".akka_journal WHERE persistence_id = @id AND deleted = false", persistenceId);
    }
}
