using System.Net;
using BreachConsole.Core.Common;
using BreachConsole.Core.Configuration;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Vault;

/// <summary>What a stolen data folder, a lost key ring or another account on the host can (not) do.</summary>
public sealed class KeysAndDataTests
{
    /// <summary>A console over a folder's database and key ring; two of them share the folder (a restart, or two instances).</summary>
    internal sealed class SharedFolderConsole(string folder) : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:BreachConsole"] = $"Data Source={Path.Combine(folder, "console.db")}",
            ["Keys:LocalKeyRingPath"] = Path.Combine(folder, "keyring.json"),
        };
    }

    [Fact]
    public async Task Start_KeyRingDeletedWhileWrappedDataKeysExist_RefusedInsteadOfANewRing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "breachconsole-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ringPath = Path.Combine(folder, "keyring.json");
        try
        {
            await using (var first = new SharedFolderConsole(folder))
            {
                var store = first.Services.GetRequiredService<VaultKeyStore>();
                await store.GetAsync();

                // The refusal itself, naming the setting (the program turns it into exit code 2).
                var lostRing = new LocalKeyRing(Options.Create(new KeysOptions { LocalKeyRingPath = Path.Combine(folder, "elsewhere.json") }),
                    first.Services.GetRequiredService<IHostEnvironment>(), TimeProvider.System, NullLogger<LocalKeyRing>.Instance);
                var restarted = new VaultKeyStore(first.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>(), lostRing,
                    TimeProvider.System, NullLogger<VaultKeyStore>.Instance);
                var refusal = await Assert.ThrowsAsync<StartupSettingsException>(() => restarted.RefuseMissingKeyRingAsync(CancellationToken.None));
                Assert.Equal("Keys:LocalKeyRingPath", refusal.Key);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(ringPath);

            // A restart over the same database does not start, and does not quietly make a new ring.
            await using var second = new SharedFolderConsole(folder);
            Assert.ThrowsAny<Exception>(() => second.Services);
            Assert.False(File.Exists(ringPath), "no new, empty key ring was created");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Readyz_DataKeyTheKeyRingCannotUnwrap_NotReady()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.Api(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            db.DataKeys.Add(new DataKey
            {
                Purpose = DataKeyPurpose.Encryption, KekId = "local-kek-from-another-ring", WrappedKey = new byte[60], CreatedAt = now, WrappedAt = now,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task DataProtectionKeys_CopiedOutOfTheDataFolder_AreSealedUnderTheVaultKek()
    {
        await using var factory = new ConsoleFactory();
        var protector = factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("test");
        var sealedText = protector.Protect("session");

        var folder = Path.Combine(factory.Services.GetRequiredService<DataFolder>().Path, "dataprotection-keys");
        var xml = string.Concat(Directory.GetFiles(folder, "*.xml").Select(File.ReadAllText));

        Assert.Contains("vaultEncrypted", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.Equal("session", protector.Unprotect(sealedText));
        // A restarted console opens it again through the KEK provider.
        var sealedKey = System.Xml.Linq.XDocument.Parse(File.ReadAllText(Directory.GetFiles(folder, "*.xml")[0]))
            .Descendants("vaultEncrypted").Single();
        var opened = new BreachConsole.Hosting.VaultXmlDecryptor(factory.Services).Decrypt(sealedKey);
        Assert.Contains("masterKey", opened.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_DefaultLocation_IsOutsideTheDataFolder()
    {
        var options = new KeysOptions();

        Assert.Equal("", options.LocalKeyRingPath);
        Assert.True(Path.IsPathRooted(KeysOptions.DefaultLocalKeyRingPath));
        Assert.DoesNotContain($"{Path.DirectorySeparatorChar}data{Path.DirectorySeparatorChar}", KeysOptions.DefaultLocalKeyRingPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScratchFile_ForAnExport_ReadableByThisUserOnlyInAPrivateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var file = TempFiles.CreateDeleteOnClose("test-export");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Name));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file.Name)!));
    }
}
