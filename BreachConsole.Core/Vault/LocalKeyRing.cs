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
/// never while the database holds data keys wrapped by a ring that has gone missing (a start-up refusal). Meant for
/// development and single-host installs; the Production environment refuses it and points <c>Keys:Provider</c> at a KMS.
/// </summary>
public sealed class LocalKeyRing : IKeyEncryptionKeyProvider, IRetiringKeyProvider
{
    private const int KeySize = 32;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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

    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ring = _ring ?? LoadOrCreate();
            // Numbered past the highest ever kept (retired keys leave gaps; an id is never reused).
            const string prefix = "local-kek-";
            var number = ring.Keks.Select(k => k.Id.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(k.Id.AsSpan(prefix.Length), out var n) ? n : 0)
                .DefaultIfEmpty(0).Max() + 1;
            var next = new RingKey($"local-kek-{number}", RandomNumberGenerator.GetBytes(KeySize), _time.GetUtcNow());
            var rotated = new RingFile(1, next.Id, [.. ring.Keks, next]);
            Write(rotated, overwrite: true);
            _ring = rotated;
            Log.KekRotated(_logger, next.Id, rotated.Keks.Count);
            return next.Id;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> RetireUnusedAsync(IReadOnlySet<string> inUse, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ring = _ring ?? LoadOrCreate();
            var retired = ring.Keks.Where(k => k.Id != ring.Current && !inUse.Contains(k.Id)).Select(k => k.Id).ToList();
            if (retired.Count > 0)
            {
                var kept = new RingFile(ring.Version, ring.Current, [.. ring.Keks.Where(k => !retired.Contains(k.Id))]);
                Write(kept, overwrite: true);
                _ring = kept;
                Log.KeksRetired(_logger, retired.Count, kept.Keks.Count);
            }

            return retired;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<RingFile> RingAsync(CancellationToken cancellationToken)
    {
        if (_ring is { } ring)
        {
            return ring;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _ring ??= LoadOrCreate();
        }
        finally
        {
            _gate.Release();
        }
    }

    private RingFile LoadOrCreate()
    {
        if (!File.Exists(Path))
        {
            var first = new RingFile(1, "local-kek-1", [new RingKey("local-kek-1", RandomNumberGenerator.GetBytes(KeySize), _time.GetUtcNow())]);
            if (Write(first, overwrite: false))
            {
                Log.KeyRingCreated(_logger, Path);
                return first;
            }

            // Another console on the same data created the ring first (two instances starting together): use theirs.
        }

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
    /// Writes a file of its own next to the target with owner-only permissions, then moves it into place: never a
    /// half-written ring. Without <paramref name="overwrite"/> the move fails when the ring exists (another process won
    /// the race to create it) and this answers false.
    /// </summary>
    private bool Write(RingFile ring, bool overwrite)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temp = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
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

        try
        {
            File.Move(temp, Path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(Path))
        {
            File.Delete(temp);
            return false;
        }
    }

    private sealed record RingKey(string Id, byte[] Key, DateTimeOffset CreatedAt);

    private sealed record RingFile(int Version, string Current, IReadOnlyList<RingKey> Keks);
}
