using Microsoft.Data.Sqlite;

namespace BreachConsole.Core.Persistence;

/// <summary>The folder holding the database file: other local state (keys, scratch) lives beside it.</summary>
public sealed record DataFolder(string Path)
{
    internal static string Of(string connectionString, string contentRoot)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return source == ":memory:" ? contentRoot : System.IO.Path.GetDirectoryName(source) ?? contentRoot;
    }
}
