using Microsoft.AspNetCore.DataProtection;
using System.Net;
using System.Text.Json;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Vault;

public sealed class KeyRotationTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Actor Ops = new("ops.carol", [Roles.Operations]);

    private string RingPath => Path.Combine(factory.DataDirectory, "keyring.json");

    /// <summary>A vault that knows nothing in memory: it must read the data keys and the key ring from disk.</summary>
    private VaultKeyStore FreshStore()
    {
        var ring = new LocalKeyRing(Options.Create(new KeysOptions { LocalKeyRingPath = RingPath }),
            factory.Services.GetRequiredService<IHostEnvironment>(), TimeProvider.System, NullLogger<LocalKeyRing>.Instance);
        return new VaultKeyStore(factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>(), ring, TimeProvider.System,
            NullLogger<VaultKeyStore>.Instance);
    }

    [Fact]
    public async Task KeyRing_FirstUse_CreatedOwnerOnly()
    {
        await factory.Services.GetRequiredService<VaultKeyStore>().GetAsync();

        Assert.True(File.Exists(RingPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RingPath));
        }
    }

    [Fact]
    public async Task Rotate_OldEnvelopes_StayReadableAndDataKeysAreRewrapped()
    {
        var store = factory.Services.GetRequiredService<VaultKeyStore>();
        byte[] before;
        using (var cipher = (await store.GetAsync()).OpenCipher())
        {
            before = cipher.Encrypt("written before rotation", FieldPurpose.Email, "row-token");
        }

        var result = await factory.Services.GetRequiredService<KeyRotationService>().RotateAsync(Ops);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var rows = await db.DataKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(result.KekId, r.KekId));
        Assert.Equal(rows.Count, result.DataKeys);
        using var ring = JsonDocument.Parse(await File.ReadAllBytesAsync(RingPath));
        Assert.Equal(result.KekId, ring.RootElement.GetProperty("current").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RingPath));
        }

        // A process started after the rotation reads the re-wrapped keys and opens the old envelope.
        using var fresh = (await FreshStore().GetAsync()).OpenCipher();
        Assert.Equal("written before rotation", fresh.Decrypt(before, FieldPurpose.Email, "row-token"));
        var tokenBefore = fresh.Token("C-1");
        await factory.Services.GetRequiredService<KeyRotationService>().RotateAsync(Ops);
        using var afterTwo = (await FreshStore().GetAsync()).OpenCipher();
        Assert.Equal("written before rotation", afterTwo.Decrypt(before, FieldPurpose.Email, "row-token"));
        Assert.Equal(tokenBefore, afterTwo.Token("C-1"));
    }

    [Fact]
    public async Task Rotate_NotOperations_Forbidden()
    {
        var rotation = factory.Services.GetRequiredService<KeyRotationService>();

        await Assert.ThrowsAsync<ForbiddenException>(() => rotation.RotateAsync(new Actor("auditor.erin", [Roles.Auditor])));
    }

    [Fact]
    public async Task RotateEndpoint_Operations_Returns200AndAudits()
    {
        var response = await factory.Api(DemoUsers.OpsDave).PostAsync("/api/v1/keys/rotate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var kekId = (await response.JsonAsync()).GetProperty("kekId").GetString();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "keys.rotate" && e.Target == $"kek:{kekId}" && e.Actor == "ops.dave"));
    }

    [Fact]
    public async Task RotateKek_OldKekNothingUsesAnyMore_LeavesTheRingButOneADataProtectionKeyNeedsStays()
    {
        await using var app = new ConsoleFactory();
        var ring = Path.Combine(app.DataDirectory, "keyring.json");
        var store = app.Services.GetRequiredService<VaultKeyStore>();
        byte[] email;
        using (var cipher = (await store.GetAsync()).OpenCipher())
        {
            email = cipher.Encrypt("kept@example.com", FieldPurpose.Email, "row-token");
        }

        // A sign-in cookie key is created now, sealed under local-kek-1.
        var protector = app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("test");
        var cookie = protector.Protect("session");
        var rotation = app.Services.GetRequiredService<KeyRotationService>();

        var first = await rotation.RotateAsync(Ops);
        var second = await rotation.RotateAsync(Ops);

        Assert.Empty(first.RetiredKeks!); // local-kek-1 still seals the data-protection key
        Assert.Equal(["local-kek-2"], second.RetiredKeks!); // re-wrapped away from, and nothing else uses it
        using (var json = JsonDocument.Parse(await File.ReadAllBytesAsync(ring)))
        {
            Assert.Equal(["local-kek-1", "local-kek-3"], json.RootElement.GetProperty("keks").EnumerateArray().Select(k => k.GetProperty("id").GetString()));
        }

        var third = await rotation.RotateAsync(Ops);
        Assert.Equal("local-kek-4", third.KekId); // a retired id is never handed out again

        // Everything still opens through a vault that reads the ring afresh.
        var ringOnDisk = new LocalKeyRing(Options.Create(new KeysOptions { LocalKeyRingPath = ring }), app.Services.GetRequiredService<IHostEnvironment>(),
            TimeProvider.System, NullLogger<LocalKeyRing>.Instance);
        var fresh = new VaultKeyStore(app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>(), ringOnDisk, TimeProvider.System,
            NullLogger<VaultKeyStore>.Instance);
        using var reopened = (await fresh.GetAsync()).OpenCipher();
        Assert.Equal("kept@example.com", reopened.Decrypt(email, FieldPurpose.Email, "row-token"));
        Assert.Equal("session", protector.Unprotect(cookie));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var retire = await db.AuditEntries.AsNoTracking().Where(e => e.Action == BreachConsole.Core.Audit.AuditActions.KekRetired).ToListAsync();
        Assert.Contains(retire, e => e.Details.Contains("local-kek-2", StringComparison.Ordinal));
    }
}
