using Microsoft.Data.Sqlite;

namespace Verifier.Server.Storage.Sqlite;

/// <summary>One parameterised statement on a fresh connection: the stores' SQL stays one line each.</summary>
internal static class SqliteCommands
{
    /// <summary>A statement that writes: it waits for this process's other writers (<see cref="SqliteDatabase.WriteAsync"/>).</summary>
    public static Task<int> ExecuteAsync(this SqliteDatabase database, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        database.WriteAsync(
            async connection =>
            {
                await using var command = Create(connection, sql, parameters);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            ct);

    public static async Task<List<T>> QueryAsync<T>(
        this SqliteDatabase database, string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.ConnectAsync(ct).ConfigureAwait(false);
        await using var command = Create(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static SqliteCommand Create(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
