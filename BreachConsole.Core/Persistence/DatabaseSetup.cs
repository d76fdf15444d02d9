using BreachConsole.Core.Audit;
using BreachConsole.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreachConsole.Core.Persistence;

public static class DatabaseSetup
{
    public const string ConnectionStringKey = "ConnectionStrings:BreachConsole";

    /// <summary>
    /// Registers the SQLite database. A relative <c>Data Source</c> is taken from the content root (the
    /// <c>BreachConsole/</c> project folder under <c>dotnet run</c>) and its folder is created when missing.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = ResolveSqlitePath(builder.Configuration.GetConnectionString("BreachConsole"), ConnectionStringKey,
            builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new DataFolder(DataFolder.Of(connectionString, builder.Environment.ContentRootPath)));
        builder.Services.AddSingleton<AuditChainInterceptor>();
        builder.Services.AddDbContextFactory<BreachConsoleDbContext>((sp, o) =>
            o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<AuditChainInterceptor>()));
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>Validates a SQLite connection string, anchors a relative file to <paramref name="contentRoot"/> and creates its folder.</summary>
    public static string ResolveSqlitePath(string? connectionString, string key, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupSettingsException(key, "a SQLite connection string is required (e.g. 'Data Source=data/breachconsole.db').");
        }

        SqliteConnectionStringBuilder csb;
        try
        {
            csb = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            throw new StartupSettingsException(key, "is not a valid SQLite connection string.");
        }

        if (string.IsNullOrWhiteSpace(csb.DataSource))
        {
            throw new StartupSettingsException(key, "needs a 'Data Source'.");
        }

        if (csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(csb.DataSource) ? csb.DataSource : Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            csb.DataSource = path;
        }

        return csb.ToString();
    }
}
