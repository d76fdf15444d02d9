using System.Net;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Vault;

/// <summary>Field envelopes are bound to their contact row: ciphertext moved between rows with raw SQL does not open.</summary>
public sealed class RowBindingTests
{
    private static readonly Actor Ops = new("ops.carol", [Roles.Operations]);

    [Fact]
    public async Task Decrypt_TwoContactsCiphertextsSwappedWithRawSql_FailsWithoutNamingAnyone()
    {
        using var app = new ConsoleFactory();
        var ops = app.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var csv = string.Join('\n', ContactsApi.Header,
            ContactsApi.Row("SWAP-ANNA", first: "Annabel", email: "annabel.swap@example.com", phone: "(202) 555-0101"),
            ContactsApi.Row("SWAP-BRUNO", first: "Brunhilde", email: "brunhilde.swap@example.com", phone: "(202) 555-0102")) + "\n";
        Assert.Equal(HttpStatusCode.OK, (await ContactsApi.PostCsvAsync(ops, incident, csv)).StatusCode);
        var directory = app.Services.GetRequiredService<ContactDirectory>();
        Assert.Equal(2, (await directory.ListAsync(Ops, new ContactQuery(incident))).Total);

        // Someone with the database file swaps the two contacts' email and first-name envelopes.
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            var stored = new List<(long Id, byte[] Email, byte[] FirstName)>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = $"SELECT Id, EmailCipher, FirstNameCipher FROM Contacts ORDER BY Id";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    stored.Add((reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2]));
                }
            }

            Assert.Equal(2, stored.Count);
            for (var i = 0; i < 2; i++)
            {
                await using var swap = connection.CreateCommand();
                swap.CommandText = "UPDATE Contacts SET EmailCipher = $email, FirstNameCipher = $first WHERE Id = $id";
                swap.Parameters.AddWithValue("$email", stored[1 - i].Email);
                swap.Parameters.AddWithValue("$first", stored[1 - i].FirstName);
                swap.Parameters.AddWithValue("$id", stored[i].Id);
                Assert.Equal(1, await swap.ExecuteNonQueryAsync());
            }
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var rows = await db.Contacts.AsNoTracking().Where(c => c.IncidentId == incident).ToListAsync();
        using var cipher = (await app.Services.GetRequiredService<VaultKeyStore>().GetAsync()).OpenCipher();
        var pii = new[] { "annabel", "brunhilde", "SWAP-", "2025550101", "2025550102" };
        foreach (var row in rows)
        {
            var email = Assert.Throws<EnvelopeException>(() => cipher.Decrypt(row.EmailCipher!, FieldPurpose.Email, row.Token));
            var name = Assert.Throws<EnvelopeException>(() => cipher.Decrypt(row.FirstNameCipher, FieldPurpose.FirstName, row.Token));
            foreach (var message in new[] { email.Message, name.Message, email.ToString() })
            {
                Assert.DoesNotContain(row.Token, message, StringComparison.Ordinal);
                Assert.All(pii, p => Assert.DoesNotContain(p, message, StringComparison.OrdinalIgnoreCase));
            }

            // The untouched phone still opens in its own row: the failure is the swap, not the vault.
            Assert.NotEmpty(cipher.Decrypt(row.PhoneCipher!, FieldPurpose.Phone, row.Token));
        }

        // The listing (which masks each email) refuses rather than showing one person another's address.
        await Assert.ThrowsAsync<EnvelopeException>(() => directory.ListAsync(Ops, new ContactQuery(incident)));
        var listing = await ops.GetAsync($"/api/v1/incidents/{incident}/contacts");
        Assert.Equal(HttpStatusCode.InternalServerError, listing.StatusCode);
        var body = await listing.Content.ReadAsStringAsync();
        Assert.All(pii, p => Assert.DoesNotContain(p, body, StringComparison.OrdinalIgnoreCase));
        Assert.All(pii, p => Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }
}
