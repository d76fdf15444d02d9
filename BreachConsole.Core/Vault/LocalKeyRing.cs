using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Vault;

/// <summary>
/// <c>Keys:Provider=Local</c>: key-encryption keys in a JSON key-ring file (<c>Keys:LocalKeyRingPath</c>, relative to the
/// content root; by default outside the data folder), created on first use with owner-only permissions (0600) — but
/// never while the database holds data keys wrapped by a ring that has gone missing (a start-up refusal). Creation,
/// rotation and retirement hold an OS lock on <c>&lt;ring&gt;.lock</c>, so consoles of one host sharing the ring (two
/// starting together on a fresh install) end up with one ring; a reader only ever sees a whole file. Meant for
/// development and single-host installs; the Production environment refuses it and points <c>Keys:Provider</c> at a KMS.
/// </summary>
public sealed class LocalKeyRing : IKeyEncryptionKeyProvider, IRetiringKeyProvider
{
    private const int KeySize = 32;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>How long a console waits for another holding the ring's lock (creating or rotating it), and how often it looks.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ILogger<LocalKeyRing> _logger;
    private RingFile? _ring;

    public LocalKeyRing(IOptions<KeysOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<LocalKeyRing> logger)
    {
        _time = time;
        _logger = logger;
        var configured = string.IsNullOrWhiteSpace(options.Value.LocalKeyRingPath) ? KeysOptions.DefaultLocalKeyRingPath : options.Value.LocalKeyRingPath;
        Path = System.IO.Path.IsPathRooted(configured)
            ? configured
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, configured));
    }

    /// <summary>The key ring's absolute path.</summary>
    public string Path { get; }

    /// <summary>Whether the key ring file exists yet (it is created on first use).</summary>
    public bool Exists => File.Exists(Path);

    public async Task<GeneratedDataKey> GenerateDataKeyAsync(CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var wrapped = await WrapAsync(key, cancellationToken);
        return new GeneratedDataKey(key, wrapped.KekId, wrapped.Wrapped);
    }

    public async Task<WrappedDataKey> WrapAsync(byte[] plaintext, CancellationToken cancellationToken)
    {
        var ring = await RingAsync(cancellationToken);
        var current = ring.Keks.Single(k => k.Id == ring.Current);
        using var aes = new AesGcm(current.Key, FieldEnvelope.TagSize);
        var wrapped = new byte[FieldEnvelope.NonceSize + plaintext.Length + FieldEnvelope.TagSize];
        var nonce = wrapped.AsSpan(0, FieldEnvelope.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, wrapped.AsSpan(FieldEnvelope.NonceSize, plaintext.Length), wrapped.AsSpan(^FieldEnvelope.TagSize), Encoding.UTF8.GetBytes(current.Id));
        return new WrappedDataKey(current.Id, wrapped);
    }

    public async Task<byte[]> UnwrapAsync(string kekId, byte[] wrapped, CancellationToken cancellationToken)
    {
        var ring = await RingAsync(cancellationToken);
        if (ring.Keks.All(k => k.Id != kekId))
        {
            // Another console on this host may have rotated the shared ring since this one read it.
            ring = await ReloadAsync(cancellationToken);
        }

        var kek = ring.Keks.FirstOrDefault(k => k.Id == kekId)
            ?? throw new KeyProviderException($"The key ring at '{Path}' has no key-encryption key '{kekId}'.");
        if (wrapped.Length != FieldEnvelope.NonceSize + KeySize + FieldEnvelope.TagSize)
        {
            throw new KeyProviderException($"A data key wrapped by '{kekId}' has the wrong length.");
        }

        using var aes = new AesGcm(kek.Key, FieldEnvelope.TagSize);
        var key = new byte[KeySize];
        try
        {
            aes.Decrypt(wrapped.AsSpan(0, FieldEnvelope.NonceSize), wrapped.AsSpan(FieldEnvelope.NonceSize, KeySize),
                wrapped.AsSpan(^FieldEnvelope.TagSize), key, Encoding.UTF8.GetBytes(kek.Id));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyProviderException($"A data key wrapped by '{kekId}' failed authentication: wrong key ring or altered key.", ex);
        }

        return key;
    }

    public Task<string> RotateAsync(CancellationToken cancellationToken) => ChangeAsync(ring =>
    {
        // Numbered past the highest ever kept (retired keys leave gaps; an id is never reused).
        const string prefix = "local-kek-";
        var number = ring.Keks.Select(k => k.Id.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(k.Id.AsSpan(prefix.Length), out var n) ? n : 0)
            .DefaultIfEmpty(0).Max() + 1;
        var next = new RingKey($"local-kek-{number}", RandomNumberGenerator.GetBytes(KeySize), _time.GetUtcNow());
        var rotated = new RingFile(1, next.Id, [.. ring.Keks, next]);
        Log.KekRotated(_logger, next.Id, rotated.Keks.Count);
        return (rotated, next.Id);
    }, cancellationToken);

    public Task<IReadOnlyList<string>> RetireUnusedAsync(IReadOnlySet<string> inUse, CancellationToken cancellationToken) => ChangeAsync(ring =>
    {
        IReadOnlyList<string> retired = [.. ring.Keks.Where(k => k.Id != ring.Current && !inUse.Contains(k.Id)).Select(k => k.Id)];
        if (retired.Count == 0)
        {
            return ((RingFile?)null, retired);
        }

        var kept = new RingFile(ring.Version, ring.Current, [.. ring.Keks.Where(k => !retired.Contains(k.Id))]);
        Log.KeksRetired(_logger, retired.Count, kept.Keks.Count);
        return (kept, retired);
    }, cancellationToken);

    private async ValueTask<RingFile> RingAsync(CancellationToken cancellationToken)
    {
        if (_ring is { } ring)
        {
            return ring;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _ring ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RingFile> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // What the file holds now; a ring that has gone missing meanwhile is never replaced by a new one here.
            return _ring = File.Exists(Path) ? Load() : _ring ?? await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A change to the ring, made on what the file holds now (another console on this host may have changed it) while
    /// holding the ring's lock; <paramref name="change"/> answers the new ring (null: unchanged) and the result.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<RingFile, (RingFile? Ring, T Result)> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var held = await LockAsync(cancellationToken);
            // The file as it is now (another console may have rotated); kept in memory if it went missing, never a new ring.
            var (ring, result) = change(File.Exists(Path) ? Load() : _ring ?? Create());
            if (ring is not null)
            {
                Write(ring);
                _ring = ring;
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The ring as the file holds it, created when there is none. Creation holds the ring's lock and looks again, so a
    /// console starting beside another on a fresh install loads the ring the other wrote instead of writing its own.
    /// </summary>
    private async Task<RingFile> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path))
        {
            return Load();
        }

        using var held = await LockAsync(cancellationToken);
        if (File.Exists(Path))
        {
            return Load();
        }

        var first = Create();
        Write(first);
        Log.KeyRingCreated(_logger, Path);
        return first;
    }

    private RingFile Create() =>
        new(1, "local-kek-1", [new RingKey("local-kek-1", RandomNumberGenerator.GetBytes(KeySize), _time.GetUtcNow())]);

    private RingFile Load()
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(Path, OwnerOnly);
            Log.KeyRingPermissionsTightened(_logger, Path);
        }

        try
        {
            var ring = JsonSerializer.Deserialize<RingFile>(File.ReadAllBytes(Path), Json);
            if (ring is null || ring.Keks.Count == 0 || ring.Keks.All(k => k.Id != ring.Current) || ring.Keks.Any(k => k.Key.Length != KeySize))
            {
                throw new KeyProviderException($"The key ring at '{Path}' is incomplete (Keys:LocalKeyRingPath).");
            }

            return ring;
        }
        catch (JsonException ex)
        {
            throw new KeyProviderException($"The key ring at '{Path}' is not valid JSON (Keys:LocalKeyRingPath).", ex);
        }
    }

    /// <summary>
    /// The ring's lock: an exclusive lock on <c>&lt;ring&gt;.lock</c> beside it (an OS file lock, so it holds between the
    /// processes of one host and is released if one dies). Waits for a holder that is writing, at most <see cref="LockWait"/>.
    /// The lock file stays; removing it would let two writers lock two different files.
    /// </summary>
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var giveUp = _time.GetUtcNow() + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", options);
            }
            catch (IOException) when (_time.GetUtcNow() < giveUp)
            {
                await Task.Delay(LockRetry, _time, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new KeyProviderException($"The key ring at '{Path}' stayed locked by another process for {LockWait.TotalSeconds:0} s.", ex);
            }
        }
    }

    /// <summary>Writes a file of its own next to the target with owner-only permissions, then renames it over the target: never a half-written ring.</summary>
    private void Write(RingFile ring)
    {
        var temp = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, ring, Json);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, OwnerOnly);
        }

        File.Move(temp, Path, overwrite: true);
    }

    private sealed record RingKey(string Id, byte[] Key, DateTimeOffset CreatedAt);

    private sealed record RingFile(int Version, string Current, IReadOnlyList<RingKey> Keks);
}
