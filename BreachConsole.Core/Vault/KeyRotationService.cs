using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Vault;

public sealed record KeyRotationResult(string KekId, int DataKeys, IReadOnlyList<string>? RetiredKeks = null);

/// <summary>
/// Rotates the key-encryption key: a new KEK becomes current and every data key is re-wrapped under it, in one
/// transaction with its audit entry. No field value is re-encrypted, so data sealed before stays readable.
/// Role: Operations — they run the console and its key hygiene; Legal and Auditors have no reason to change keys,
/// and an Auditor sees the rotation in the audit trail.
/// </summary>
public sealed class KeyRotationService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    IOptions<KeysOptions> options,
    IKeyEncryptionKeyProvider provider,
    IEnumerable<IKekUsage> usages,
    ILogger<KeyRotationService> logger)
{
    public async Task<KeyRotationResult> RotateAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (kekId, count) = await keys.RewrapAllAsync(db, cancellationToken);
        db.AddAudit(actor, AuditActions.KeyRotated, $"kek:{kekId}", new Dictionary<string, string>
        {
            ["provider"] = options.Value.Provider.ToString(),
            ["dataKeys"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
        Log.DataKeysRewrapped(logger, count, kekId);
        return new KeyRotationResult(kekId, count, await RetireUnusedKeksAsync(actor, db, cancellationToken));
    }

    /// <summary>
    /// After the re-wrap has committed (never before: a crash in between must leave every data key unwrappable), KEKs
    /// that neither a data key nor the data-protection key ring names any more leave the local ring, audited as
    /// <c>keys.kek-retire</c>. KMS keeps its own key versions, so there is nothing to retire there.
    /// </summary>
    private async Task<IReadOnlyList<string>> RetireUnusedKeksAsync(Actor actor, BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        if (provider is not IRetiringKeyProvider ring)
        {
            return [];
        }

        var inUse = (await db.DataKeys.AsNoTracking().Select(k => k.KekId).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var usage in usages)
        {
            inUse.UnionWith(usage.KekIdsInUse());
        }

        var retired = await ring.RetireUnusedAsync(inUse, cancellationToken);
        if (retired.Count > 0)
        {
            db.AddAudit(actor, AuditActions.KekRetired, "keys", new Dictionary<string, string>
            {
                ["retired"] = string.Join(",", retired),
                ["kept"] = string.Join(",", inUse.Order(StringComparer.Ordinal)),
            }, roles: Roles.Operations);
            await db.SaveChangesAsync(cancellationToken);
        }

        return retired;
    }
}
