using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Preferences;

public sealed record LinkKeyRotation(int KeyId, int RevokedKeys);

/// <summary>
/// Operations' control over preference links: revoke one customer's links (all issued until now), and rotate the link
/// key, optionally revoking every link sealed with an older key (a suspected key leak). Each step is audited.
/// </summary>
public sealed class PreferenceLinkAdmin(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore vault,
    PreferenceLinkKeys linkKeys,
    SealedPreferenceLinks links,
    TimeProvider time,
    ILogger<PreferenceLinkAdmin> logger)
{
    /// <summary>Revokes every link issued so far to the customer with this id (the id is tokenized, never stored).</summary>
    public async Task<string> RevokeForCustomerAsync(Actor actor, [PersonalData] string customerId, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > ContactCsv.MaxIdLength)
        {
            throw new FluentValidation.ValidationException("A customer id is required.",
                [new FluentValidation.Results.ValidationFailure("customerId", "A customer id is required.")]);
        }

        string token;
        using (var cipher = (await vault.GetAsync(cancellationToken)).OpenCipher())
        {
            token = cipher.Token(customerId);
        }

        await RevokeTokenAsync(actor, token, cancellationToken);
        return token;
    }

    /// <summary>Revokes every link of the customer a pasted link belongs to (even an expired one).</summary>
    public async Task<string> RevokeForLinkAsync(Actor actor, string link, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        var check = await links.OpenAsync(LastSegment(link), cancellationToken);
        if (check.Token is null)
        {
            throw new FluentValidation.ValidationException("Not a preference link this console issued.",
                [new FluentValidation.Results.ValidationFailure("link", "Not a preference link this console issued.")]);
        }

        await RevokeTokenAsync(actor, check.Token, cancellationToken);
        return check.Token;
    }

    public async Task<LinkKeyRotation> RotateKeyAsync(Actor actor, bool revokePrevious, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        var before = await linkKeys.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await linkKeys.AddKeyAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var revoked = 0;
        if (revokePrevious)
        {
            foreach (var id in before.Keys.Keys)
            {
                db.PreferenceLinkRevocations.Add(new PreferenceLinkRevocation
                {
                    Subject = PreferenceLinkRevocation.KeyPrefix + id.ToString(CultureInfo.InvariantCulture),
                    RevokedAt = now,
                    RevokedBy = actor.Name,
                });
                revoked++;
            }
        }

        // The audit target names the key the rotation created; its id exists once saved, so the entry names the
        // previous current key and the count, which identify the rotation just as well.
        db.AddAudit(actor, AuditActions.PreferenceLinkKeyRotated, $"preference-link-key:{before.CurrentKeyId}", new Dictionary<string, string>
        {
            ["revokedKeys"] = revoked.ToString(CultureInfo.InvariantCulture),
        }, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
        await linkKeys.ReloadAsync(cancellationToken);
        Log.LinkKeyRotated(logger, row.Id, revokePrevious);
        return new LinkKeyRotation(row.Id, revoked);
    }

    private async Task RevokeTokenAsync(Actor actor, string token, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.PreferenceLinkRevocations.Add(new PreferenceLinkRevocation
        {
            Subject = PreferenceLinkRevocation.ContactPrefix + token,
            RevokedAt = time.GetUtcNow(),
            RevokedBy = actor.Name,
        });
        db.AddAudit(actor, AuditActions.PreferenceLinksRevoked, PreferenceService.ContactTargetPrefix + token, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string LastSegment(string link)
    {
        var trimmed = link.Trim();
        var path = Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) ? uri.AbsolutePath : trimmed;
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..].TrimEnd('/');
    }
}
