using System.Data.Common;

namespace Airwave.Persistence;

/// <summary>Adds named parameters to ADO.NET commands of either backend.</summary>
public static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Table names come from SqlTables (validated identifiers); every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter With(this DbCommand command, string name, object? value) =>
        Add(command.CreateParameter(), command.Parameters, name, value);

    public static DbParameter With(this DbBatchCommand command, string name, object? value) =>
        Add(command.CreateParameter(), command.Parameters, name, value);

    private static DbParameter Add(DbParameter parameter, DbParameterCollection parameters, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        parameters.Add(parameter);
        return parameter;
    }
}
