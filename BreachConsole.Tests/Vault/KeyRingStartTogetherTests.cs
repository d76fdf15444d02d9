using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Vault;

/// <summary>
/// Two consoles on one database and one key ring starting at the same moment on a fresh install (the crash test's
/// set-up, and a two-instance deployment's first start): neither refuses to start, and both use one ring; a rotation
/// by one is seen by the other.
/// </summary>
public sealed class KeyRingStartTogetherTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breachconsole-tests", "ring-" + Guid.NewGuid().ToString("N"));

    public KeyRingStartTogetherTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task FreshRing_CreatedByManyProcessesAtOnce_OneRingEveryoneUses()
    {
        // Rounds, each on a fresh folder: the window between "no ring yet" and "ring written" is narrow.
        for (var round = 0; round < 20; round++)
        {
            var folder = Path.Combine(_folder, round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var path = Path.Combine(folder, "keyring.json");
            var rings = Enumerable.Range(0, 16).Select(_ => Ring(path)).ToList();
            using var start = new ManualResetEventSlim();

            // Each on its own thread, released together: the losers of the race to create the file load the winner's.
            var wraps = rings.Select(ring => Task.Factory.StartNew(() =>
            {
                start.Wait();
                return ring.WrapAsync(new byte[32], CancellationToken.None);
            }, TaskCreationOptions.LongRunning).Unwrap()).ToList();
            start.Set();
            var wrapped = await Task.WhenAll(wraps);

            Assert.Single(wrapped.Select(w => w.KekId).Distinct());
            var reader = Ring(path);
            foreach (var key in wrapped)
            {
                Assert.Equal(new byte[32], await reader.UnwrapAsync(key.KekId, key.Wrapped, CancellationToken.None));
            }

            // No half-written or stray temporary files: the ring and the lock that serialized its creation.
            Assert.Equal(["keyring.json", "keyring.json.lock"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task StartCheck_RingAndDataKeysCreatedByAPeerMeanwhile_NotMistakenForALostRing()
    {
        await using var peer = new KeysAndDataTests.SharedFolderConsole(_folder);
        await peer.Services.GetRequiredService<VaultKeyStore>().GetAsync();

        // This console looks for the ring before the peer has written it; the peer writes the ring and its data keys
        // while this console opens the database to count them.
        var late = Path.Combine(_folder, "late.json");
        var contexts = new PeerWritesRingMeanwhile(peer.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>(),
            () => File.Copy(Path.Combine(_folder, "keyring.json"), late));
        var store = new VaultKeyStore(contexts, Ring(late), TimeProvider.System, NullLogger<VaultKeyStore>.Instance);

        await store.RefuseMissingKeyRingAsync(CancellationToken.None);

        Assert.Equal(3, await store.VerifyAsync());
    }

    [Fact]
    public async Task Rotation_ByOneConsole_TheOtherUnwrapsUnderTheNewKekAndRotatesPastIt()
    {
        var path = Path.Combine(_folder, "keyring.json");
        var a = Ring(path);
        var b = Ring(path);
        await a.WrapAsync(new byte[32], CancellationToken.None);
        await b.WrapAsync(new byte[32], CancellationToken.None);

        var rotatedByA = await a.RotateAsync(CancellationToken.None);
        var underNew = await a.WrapAsync(Enumerable.Repeat((byte)7, 32).ToArray(), CancellationToken.None);

        // b read the ring before a rotated: it re-reads the file for a KEK it has not seen.
        Assert.Equal(rotatedByA, underNew.KekId);
        Assert.Equal(Enumerable.Repeat((byte)7, 32).ToArray(), await b.UnwrapAsync(underNew.KekId, underNew.Wrapped, CancellationToken.None));
        // b's own rotation builds on the file, so a's KEK is kept and no id is used twice.
        var rotatedByB = await b.RotateAsync(CancellationToken.None);
        Assert.NotEqual(rotatedByA, rotatedByB);
        Assert.Equal(Enumerable.Repeat((byte)7, 32).ToArray(), await Ring(path).UnwrapAsync(underNew.KekId, underNew.Wrapped, CancellationToken.None));
    }

    private LocalKeyRing Ring(string path) => new(Options.Create(new KeysOptions { LocalKeyRingPath = path }),
        new HostingEnvironment { ContentRootPath = _folder }, TimeProvider.System, NullLogger<LocalKeyRing>.Instance);

    private sealed class PeerWritesRingMeanwhile(IDbContextFactory<BreachConsoleDbContext> inner, Action peer) : IDbContextFactory<BreachConsoleDbContext>
    {
        private Action? _peer = peer;

        public BreachConsoleDbContext CreateDbContext()
        {
            Interlocked.Exchange(ref _peer, null)?.Invoke();
            return inner.CreateDbContext();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
