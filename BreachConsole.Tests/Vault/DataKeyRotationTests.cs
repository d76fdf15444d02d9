using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreachConsole.Tests.Vault;

/// <summary>The console without its background re-encryption: the tests run each batch themselves.</summary>
public sealed class ManualReencryptionConsole : ConsoleFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ReencryptionWorker))));
    }
}

public sealed class DataKeyRotationTests
{
    private static readonly Actor Ops = new("ops.carol", [Roles.Operations]);

    [Fact]
    public async Task RotateDataKey_NewFieldsUseItAndAnInterruptedReencryptionResumesUntilTheOldKeyIsRetired()
    {
        using var app = new ManualReencryptionConsole();
        var ops = app.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ImportAsync(ops, incident, "OLD", 1_100);
        var oldKey = (await Keys(app)).CurrentKeyId;
        Assert.All(await HeadersAsync(app), h => Assert.Equal((FieldEnvelope.FormatVersion, oldKey), h));

        var rotated = await ops.PostAsync("/api/v1/keys/data-key/rotate", null);
        Assert.Equal(HttpStatusCode.Accepted, rotated.StatusCode);
        var started = await rotated.JsonAsync();
        var newKey = started.GetProperty("dataKeyId").GetInt32();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal("Running", started.GetProperty("state").GetString());
        Assert.Equal(1_100, started.GetProperty("total").GetInt64());

        // A new data key encrypts new fields at once.
        var later = await ContactsApi.CreateIncidentAsync(ops);
        await ImportAsync(ops, later, "NEW", 3);
        Assert.All(await HeadersAsync(app, later), h => Assert.Equal((FieldEnvelope.FormatVersion, newKey), h));

        // One batch, then the process "stops": the batch and its cursor are committed, the progress is visible.
        var partial = await app.Services.GetRequiredService<Reencryptor>().RunAsync(maxBatches: 1);
        Assert.Equal(ReencryptionState.Running, partial!.State);
        Assert.Equal(Reencryptor.BatchSize, partial.Scanned);
        Assert.Equal(5 * Reencryptor.BatchSize, (await HeadersAsync(app, incident)).Count(h => h.KeyId == newKey));
        var progress = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/keys/reencryption")).JsonAsync();
        Assert.Equal("Running", progress.GetProperty("state").GetString());
        Assert.Equal(Reencryptor.BatchSize, progress.GetProperty("scanned").GetInt64());

        // A fresh runner (as after a restart) resumes from the stored cursor instead of starting over.
        var resumed = await ActivatorUtilities.CreateInstance<Reencryptor>(app.Services).RunAsync();

        Assert.Equal(ReencryptionState.Completed, resumed!.State);
        Assert.Null(await app.Services.GetRequiredService<Reencryptor>().RunAsync()); // nothing left pending
        var done = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/keys/reencryption")).JsonAsync();
        Assert.Equal("Completed", done.GetProperty("state").GetString());
        Assert.Equal(1_103, done.GetProperty("scanned").GetInt64());
        Assert.Equal(1_100 * 5, done.GetProperty("rewritten").GetInt64());
        Assert.Equal(1, done.GetProperty("retiredDataKeys").GetInt32());
        Assert.All(await HeadersAsync(app), h => Assert.Equal((FieldEnvelope.FormatVersion, newKey), h));

        await using var db = await Db(app);
        Assert.Equal([newKey], await db.DataKeys.Where(k => k.Purpose == DataKeyPurpose.Encryption).Select(k => k.Id).ToListAsync());
        var actions = await db.AuditEntries.Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditActions.DataKeyRotated, actions);
        Assert.Contains(AuditActions.DataKeyReencrypted, actions);
        Assert.True((await app.Services.GetRequiredService<AuditTrail>().VerifyChainAsync()).Valid);

        // Everything still reads, through a vault that loads the keys afresh.
        var page = await app.Services.GetRequiredService<ContactDirectory>().ListAsync(Ops, new ContactQuery(incident, PageSize: 100));
        Assert.Equal(1_100, page.Total);
        Assert.All(page.Items, c => Assert.EndsWith("@example.com", c.MaskedEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reencryption_Version1EnvelopeFromBeforeRowBinding_IsRewrittenBoundToItsRow()
    {
        using var app = new ManualReencryptionConsole();
        var ops = app.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ImportAsync(ops, incident, "LEG", 2);
        var keys = await Keys(app);
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var legacy = connection.CreateCommand();
            legacy.CommandText = "UPDATE Contacts SET EmailCipher = $e WHERE Id = (SELECT MIN(Id) FROM Contacts)";
            legacy.Parameters.AddWithValue("$e", FieldEnvelopeTests.LegacyEnvelope(keys.EncryptionKeys[keys.CurrentKeyId], keys.CurrentKeyId,
                FieldPurpose.Email, "legacy.writer@example.com"));
            Assert.Equal(1, await legacy.ExecuteNonQueryAsync());
        }

        await app.Services.GetRequiredService<DataKeyRotationService>().RotateAsync(Ops);
        var result = await app.Services.GetRequiredService<Reencryptor>().RunAsync();

        Assert.Equal(ReencryptionState.Completed, result!.State);
        await using var db = await Db(app);
        var rows = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        using var cipher = (await Keys(app)).OpenCipher();
        Assert.Equal(FieldEnvelope.FormatVersion, FieldEnvelope.VersionOf(rows[0].EmailCipher));
        Assert.Equal("legacy.writer@example.com", cipher.Decrypt(rows[0].EmailCipher!, FieldPurpose.Email, rows[0].Token));
        Assert.Throws<EnvelopeException>(() => cipher.Decrypt(rows[0].EmailCipher!, FieldPurpose.Email, rows[1].Token));
    }

    [Fact]
    public async Task Reencryption_ImportStartedBeforeTheRotationStillRunning_OldKeyKeptUntilItEnds()
    {
        using var app = new ManualReencryptionConsole();
        var ops = app.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ImportAsync(ops, incident, "RACE", 3);
        var store = app.Services.GetRequiredService<VaultKeyStore>();
        var reencryptor = app.Services.GetRequiredService<Reencryptor>();

        var import = store.EncryptionLease(); // an import holding the old key set
        await app.Services.GetRequiredService<DataKeyRotationService>().RotateAsync(Ops);
        var waiting = await reencryptor.RunAsync();
        await using (var db = await Db(app))
        {
            Assert.Equal(2, await db.DataKeys.CountAsync(k => k.Purpose == DataKeyPurpose.Encryption));
        }

        import.Dispose();
        var finished = await reencryptor.RunAsync();

        Assert.Equal(ReencryptionState.Running, waiting!.State);
        Assert.Equal(3, waiting.Scanned);
        Assert.Equal(ReencryptionState.Completed, finished!.State);
        await using var after = await Db(app);
        Assert.Equal(1, await after.DataKeys.CountAsync(k => k.Purpose == DataKeyPurpose.Encryption));
    }

    [Theory]
    [InlineData(DemoUsers.LegalAlice, "POST", "/api/v1/keys/data-key/rotate")]
    [InlineData(DemoUsers.AuditorErin, "POST", "/api/v1/keys/data-key/rotate")]
    [InlineData(DemoUsers.LegalAlice, "GET", "/api/v1/keys/reencryption")]
    public async Task DataKeyEndpoints_WrongRole_Forbidden(string user, string method, string path)
    {
        using var app = new ManualReencryptionConsole();

        var response = await app.Api(user).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task ImportAsync(HttpClient ops, Guid incident, string prefix, int count)
    {
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            csv.Append(ContactsApi.Row($"{prefix}-{i}")).Append('\n');
        }

        var response = await ContactsApi.PostCsvAsync(ops, incident, csv.ToString());
        Assert.Equal(count, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
    }

    private static Task<VaultKeySet> Keys(ConsoleFactory app) => app.Services.GetRequiredService<VaultKeyStore>().GetAsync().AsTask();

    private static Task<BreachConsoleDbContext> Db(ConsoleFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();

    /// <summary>Format and key id of every envelope (of one incident, or all).</summary>
    private static async Task<List<(byte Version, int KeyId)>> HeadersAsync(ConsoleFactory app, Guid? incident = null)
    {
        await using var db = await Db(app);
        var rows = await db.Contacts.AsNoTracking().Where(c => incident == null || c.IncidentId == incident)
            .Select(c => new[] { c.CustomerIdCipher, c.FirstNameCipher, c.LastNameCipher, c.EmailCipher, c.PhoneCipher }).ToListAsync();
        return [.. rows.SelectMany(r => r).OfType<byte[]>().Select(e => (FieldEnvelope.VersionOf(e), FieldEnvelope.KeyIdOf(e)))];
    }
}
