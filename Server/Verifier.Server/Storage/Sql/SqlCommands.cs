using System.Data.Common;

namespace Verifier.Server.Storage.Sql;

/// <summary>One parameterised statement on a fresh connection: the stores' SQL stays one line each.</summary>
internal static class SqlCommands
{
    /// <summary>A statement that writes (through <see cref="IStoreDatabase.WriteAsync"/>); returns the rows it changed.</summary>
    public static Task<int> ExecuteAsync(this IStoreDatabase database, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        database.WriteAsync(
            async connection =>
            {
                await using var command = connection.Create(sql, parameters);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            ct);

    public static async Task<List<T>> QueryAsync<T>(
        this IStoreDatabase database, string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.ConnectAsync(ct).ConfigureAwait(false);
        return await connection.QueryAsync(sql, read, ct, parameters).ConfigureAwait(false);
    }

    public static async Task<List<T>> QueryAsync<T>(
        this DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Create(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A command with <paramref name="parameters"/> bound by name (null as SQL NULL), in <paramref name="transaction"/> when given.</summary>
    public static DbCommand Create(this DbConnection connection, string sql, (string Name, object? Value)[] parameters, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
