using System.Data.Common;
using System.Globalization;

namespace Airwave.Persistence.Sqlite;

/// <summary>
/// The page cache of the SQLite connections that write a row per listener: the node's own database (its listens) and
/// the listener sessions' journal (a checkpoint per connecting listener).
/// </summary>
/// <remarks>
/// SQLite keeps up to 2,000 KiB of pages per connection by default, filled as a table grows and held for as long as the
/// connection is open (the writer for good, the journal's in Microsoft.Data.Sqlite's pool). Those two caches held
/// 4.1 MB of a cold node's growth at 10,000 listeners (docs/benchmarks.md). These connections append rows and read single
/// rows by key; a few pages of each index do for that, and the rest are in the kernel's page cache anyway. SQLite forgets
/// the setting when a connection closes, so it is applied on every open.
/// </remarks>
public static class SqlitePageCache
{
    /// <summary>Each connection's cache, in KiB.</summary>
    public const int Kibibytes = 256;

    private static readonly string Pragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{Kibibytes}");

    /// <summary>Sets the cache of <paramref name="connection"/>, an open SQLite connection.</summary>
    public static void Apply(DbConnection connection)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc cref="Apply"/>
    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Built from a constant.
        command.CommandText = Pragma;
#pragma warning restore CA2100
        return command;
    }
}
