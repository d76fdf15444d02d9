using System.Security.Cryptography;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Vault;

public enum DataKeyPurpose
{
    /// <summary>AES-256-GCM key for field envelopes.</summary>
    Encryption,

    /// <summary>HMAC-SHA256 key that turns a customer id into its token. Never replaced: tokens must stay stable.</summary>
    Token,

    /// <summary>AES-256-GCM key that seals customers' preference links (<c>Preferences/PreferenceLinkKeys</c>); rotatable.</summary>
    PreferenceLink,

    /// <summary>HMAC-SHA256 key that seals each audit entry's hash (<c>Audit/AuditSeal</c>). Never replaced: old seals must verify.</summary>
    AuditSeal,
}

/// <summary>
/// A data key, stored only wrapped by a key-encryption key (KEK) from the configured provider. Rotating the KEK
/// re-wraps these rows; the field envelopes that name them are untouched.
/// </summary>
public sealed class DataKey
{
    public int Id { get; set; }
    public DataKeyPurpose Purpose { get; set; }

    /// <summary>Which KEK wrapped <see cref="WrappedKey"/>: <c>local-kek-2</c> or a KMS key ARN.</summary>
    public required string KekId { get; set; }

    public required byte[] WrappedKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset WrappedAt { get; set; }

    /// <summary>
    /// A new data key of <paramref name="purpose"/> from the KEK provider, staged on <paramref name="db"/> wrapped (the
    /// caller saves it). The plaintext the provider also returns is wiped at once: whoever needs the key unwraps the row.
    /// </summary>
    internal static async Task<DataKey> StageNewAsync(BreachConsoleDbContext db, IKeyEncryptionKeyProvider provider, DataKeyPurpose purpose,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var generated = await provider.GenerateDataKeyAsync(cancellationToken);
        CryptographicOperations.ZeroMemory(generated.Plaintext);
        var row = new DataKey { Purpose = purpose, KekId = generated.KekId, WrappedKey = generated.Wrapped, CreatedAt = now, WrappedAt = now };
        db.DataKeys.Add(row);
        return row;
    }
}

internal sealed class DataKeyConfiguration : IEntityTypeConfiguration<DataKey>
{
    public void Configure(EntityTypeBuilder<DataKey> builder)
    {
        builder.ToTable("VaultDataKeys");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.KekId).HasMaxLength(300).IsRequired();
        builder.Property(x => x.WrappedKey).IsRequired();
    }
}
