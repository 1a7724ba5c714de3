namespace Verifier.Server.Tests.Support;

/// <summary>The storage backends an API test runs over, as data-row names: SQLite in the data folder, or PostgreSQL.</summary>
internal static class Backends
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The <see cref="ServerOptions.Postgres"/> connection string for <paramref name="backend"/>: null, or a fresh database.</summary>
    public static async Task<string?> ConnectionAsync(string backend) =>
        backend switch
        {
            Sqlite => null,
            Postgres => await PostgresCluster.NewDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "sqlite or postgres"),
        };
}
