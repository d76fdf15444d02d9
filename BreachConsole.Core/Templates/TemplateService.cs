using System.Security.Cryptography;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Templates;

/// <summary>
/// Template use cases, shared by the API and the Blazor pages. Every method re-checks the role and the state itself;
/// four-eyes (the approver is not the author) is enforced here, not in the UI.
/// </summary>
public sealed partial class TemplateService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    TemplateStudio studio,
    IValidator<CreateTemplate> createValidator,
    IValidator<EditTemplate> editValidator,
    IValidator<ReviewTemplate> reviewValidator,
    TimeProvider time,
    ILogger<TemplateService> logger)
{
    public static readonly string[] ReadRoles = [Roles.Legal, Roles.Operations, Roles.Auditor];
    public static readonly string[] PreviewRoles = [Roles.Legal, Roles.Operations];

    public async Task<TemplateVersionResult> CreateAsync(Actor actor, CreateTemplate command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await createValidator.ValidateAndThrowAsync(command, cancellationToken);
        var channel = command.Channel!.Value;
        var locale = Locales.Canonical(command.Locale!);
        var name = command.Name!.Trim();
        var jurisdictions = command.Jurisdictions?.ToList() ?? [];
        var subject = NullIfEmpty(command.Subject);
        var check = await CheckOrThrowSyntaxAsync(channel, locale, jurisdictions, subject, command.Body!, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Templates.AnyAsync(t => t.Name == name && t.Channel == channel && t.Locale == locale, cancellationToken))
        {
            throw new ConflictException($"A template '{name}' for {channel} in {locale} already exists; save a new version of it instead.");
        }

        var now = time.GetUtcNow();
        var template = new Template
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Channel = channel,
            Locale = locale,
            Jurisdictions = jurisdictions,
            CreatedBy = actor.Name,
            CreatedAt = now,
        };
        var version = NewVersion(template, 1, subject, command.Body!, actor, now);
        db.Templates.Add(template);
        db.TemplateVersions.Add(version);
        db.AddAudit(actor, AuditActions.TemplateCreated, Target(template.Id, 1), Details(template, version, check), roles: Roles.Legal);
        await db.SaveChangesAsync(cancellationToken);
        return Result(template, version, check.Lint);
    }

    /// <summary>Saves a new draft version. The latest version must not be in review (its author withdraws it first).</summary>
    public async Task<TemplateVersionResult> EditAsync(Actor actor, Guid id, EditTemplate command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await editValidator.ValidateAndThrowAsync(command, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken);
        if (!TemplateRules.MayHaveSubject(template.Channel) && !string.IsNullOrEmpty(command.Subject))
        {
            throw new ValidationException([new ValidationFailure("subject", TemplateRules.OnlyEmailHasSubject)]);
        }

        var latest = Latest(template);
        if (latest.Status == TemplateStatus.InReview)
        {
            throw new ConflictException($"Version {latest.Number} is in review; it must be approved, rejected by a reviewer or withdrawn by its author before a new version is saved.");
        }

        var jurisdictions = command.Jurisdictions?.ToList() ?? template.Jurisdictions;
        var subject = NullIfEmpty(command.Subject);
        var check = await CheckOrThrowSyntaxAsync(template.Channel, template.Locale, jurisdictions, subject, command.Body!, cancellationToken);

        var now = time.GetUtcNow();
        template.Jurisdictions = [.. jurisdictions];
        var version = NewVersion(template, latest.Number + 1, subject, command.Body!, actor, now);
        db.TemplateVersions.Add(version);
        db.AddAudit(actor, AuditActions.TemplateEdited, Target(template.Id, version.Number), Details(template, version, check), roles: Roles.Legal);
        await SaveAsync(db, cancellationToken);
        return Result(template, version, check.Lint);
    }

    /// <summary>Draft → InReview, only when the lint has no error (400 listing them otherwise).</summary>
    public async Task<TemplateVersionResult> SubmitAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken);
        var latest = Latest(template);
        if (latest.Status != TemplateStatus.Draft)
        {
            throw new ConflictException($"Version {latest.Number} is {latest.Status}; only a draft can be submitted for review.");
        }

        var check = await CheckOrThrowAsync(template, latest, cancellationToken);
        var now = time.GetUtcNow();
        latest.Status = TemplateStatus.InReview;
        latest.SubmittedBy = actor.Name;
        latest.SubmittedById = actor.StableId;
        latest.SubmittedAt = now;
        latest.Revision++;
        db.AddAudit(actor, AuditActions.TemplateSubmitted, Target(template.Id, latest.Number), Details(template, latest, check), roles: Roles.Legal);
        await SaveAsync(db, cancellationToken);
        return Result(template, latest, check.Lint);
    }

    /// <summary>Exactly the actions <paramref name="actor"/> may take on <paramref name="version"/>; the pages offer these and no others.</summary>
    public static TemplateAction AllowedActions(Actor actor, TemplateDetails template, int version) => TemplateActions.For(actor, template, version);

    /// <summary>One version of a template as the caller may see it (404 for a version they may not see or that does not exist).</summary>
    public async Task<TemplateVersionInfo> GetVersionAsync(Actor actor, Guid id, int version, CancellationToken cancellationToken = default)
    {
        var template = await GetAsync(actor, id, cancellationToken);
        return template.Versions.FirstOrDefault(v => v.Version == version) ?? throw new NotFoundException($"Version {version} of template", id);
    }

    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ReadRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var templates = await db.Templates.AsNoTracking().Include(t => t.Versions).AsSplitQuery().ToListAsync(cancellationToken);
        return [.. templates
            .Where(t => role != Roles.Operations || t.Versions.Any(v => v.Status == TemplateStatus.Approved))
            .Select(t =>
            {
                var latest = Latest(t);
                var approved = t.Versions.SingleOrDefault(v => v.Status == TemplateStatus.Approved);
                var updated = t.Versions.Max(v => new[] { v.AuthoredAt, v.SubmittedAt ?? default, v.ApprovedAt ?? default, v.RejectedAt ?? default }.Max());
                return role == Roles.Operations
                    ? new TemplateSummary(t.Id, t.Name, t.Channel, t.Locale, approved!.Number, TemplateStatus.Approved, approved.Number, approved.ApprovedAt ?? updated)
                    : new TemplateSummary(t.Id, t.Name, t.Channel, t.Locale, latest.Number, latest.Status, approved?.Number, updated);
            })
            .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Locale, StringComparer.Ordinal).ThenBy(t => t.Channel)];
    }

    /// <summary>A template and its versions: all of them for Legal and Auditors, the approved one for Operations.</summary>
    public async Task<TemplateDetails> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ReadRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken, tracking: false);
        var latest = Latest(template);
        var approved = template.Versions.SingleOrDefault(v => v.Status == TemplateStatus.Approved);
        var visible = role == Roles.Operations
            ? template.Versions.Where(v => v.Status == TemplateStatus.Approved)
            : template.Versions;
        if (role == Roles.Operations && approved is null)
        {
            throw new NotFoundException("Approved template", id);
        }

        return new TemplateDetails(template.Id, template.Name, template.Channel, template.Locale, template.Jurisdictions, latest.Number,
            approved?.Number, [.. visible.OrderByDescending(v => v.Number).Select(v => Info(v, v.Number == latest.Number))]);
    }

    /// <summary>Renders the given text, or a stored version, with the sample data.</summary>
    public async Task<TemplateCheck> PreviewAsync(Actor actor, Guid id, PreviewTemplate request, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(PreviewRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken, tracking: false);
        if (request.Body is not null)
        {
            // Preview renders whatever it is sent: no larger than a template may be saved.
            if (request.Body.Length > TemplateRules.MaxBodyLength || request.Subject?.Length > TemplateRules.MaxSubjectLength)
            {
                throw new ValidationException([request.Body.Length > TemplateRules.MaxBodyLength
                    ? new ValidationFailure("body", $"A template body is at most {TemplateRules.MaxBodyLength} characters.")
                    : new ValidationFailure("subject", $"A subject is at most {TemplateRules.MaxSubjectLength} characters.")]);
            }

            return await CheckOrThrowSyntaxAsync(template.Channel, template.Locale, template.Jurisdictions, NullIfEmpty(request.Subject),
                request.Body, cancellationToken);
        }

        var version = request.Version is { } number
            ? template.Versions.SingleOrDefault(v => v.Number == number) ?? throw new NotFoundException($"Version {number} of template", id)
            : role == Roles.Operations
                ? template.Versions.SingleOrDefault(v => v.Status == TemplateStatus.Approved)
                  ?? throw new ConflictException("This template has no approved version to preview.")
                : Latest(template);
        if (role == Roles.Operations && version.Status != TemplateStatus.Approved)
        {
            throw new ForbiddenException("Operations may preview approved versions only.");
        }

        return await studio.CheckAsync(template.Channel, template.Locale, version.Jurisdictions, version.Subject, version.Body, cancellationToken);
    }

    private async Task<TemplateCheck> CheckOrThrowSyntaxAsync(Channel channel, string locale, IReadOnlyList<string> jurisdictions, string? subject,
        string body, CancellationToken cancellationToken)
    {
        var check = await studio.CheckAsync(channel, locale, jurisdictions, subject, body, cancellationToken);
        if (check.HasSyntaxErrors)
        {
            throw new ValidationException(check.SyntaxErrors.Select(e => new ValidationFailure(e.Field, e.Describe()) { CustomState = e }));
        }

        return check;
    }

    private async Task<TemplateCheck> CheckOrThrowAsync(Template template, TemplateVersion version, CancellationToken cancellationToken)
    {
        var check = await CheckOrThrowSyntaxAsync(template.Channel, template.Locale, version.Jurisdictions, version.Subject, version.Body, cancellationToken);
        var errors = check.Lint.Where(f => f.Severity == LintSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.Select(f =>
                new ValidationFailure(f.Rule, f.Line is { } line ? $"{f.Message} (line {line})" : f.Message) { CustomState = f }));
        }

        return check;
    }

    private static async Task<Template> LoadAsync(BreachConsoleDbContext db, Guid id, CancellationToken cancellationToken, bool tracking = true)
    {
        var query = db.Templates.Include(t => t.Versions).AsSplitQuery();
        return await (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new NotFoundException("Template", id);
    }

    private static async Task SaveAsync(BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else changed this template at the same moment; reload and try again.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            throw new ConflictException("Someone else changed this template at the same moment; reload and try again.");
        }
    }

    private static TemplateVersion Latest(Template template) => template.Versions.MaxBy(v => v.Number)!;

    private static TemplateVersion NewVersion(Template template, int number, string? subject, string body, Actor actor, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TemplateId = template.Id,
        Number = number,
        Subject = subject,
        Body = body,
        Jurisdictions = [.. template.Jurisdictions],
        ContentHash = ContentHash(subject, body),
        Status = TemplateStatus.Draft,
        AuthoredBy = actor.Name,
        AuthorId = actor.StableId,
        AuthoredAt = now,
    };

    /// <summary>Hex SHA-256 over the subject and body, each length-prefixed so the boundary cannot move.</summary>
    public static string ContentHash(string? subject, string body)
    {
        var s = subject ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{s.Length}:{s}\n{body.Length}:{body}")));
    }

    public static string Target(Guid id, int version) => $"template:{id}:v{version}";

    private static Dictionary<string, string> Details(Template template, TemplateVersion version, TemplateCheck check) => new()
    {
        ["name"] = template.Name,
        ["channel"] = template.Channel.ToString(),
        ["locale"] = template.Locale,
        ["status"] = version.Status.ToString(),
        ["contentHash"] = version.ContentHash,
        ["lintErrors"] = check.Lint.Count(f => f.Severity == LintSeverity.Error).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static TemplateVersionResult Result(Template template, TemplateVersion version, IReadOnlyList<LintFinding> lint) =>
        new(template.Id, version.Number, version.Status, lint, template.Name, template.Channel, template.Locale);

    private static TemplateVersionInfo Info(TemplateVersion v, bool isLatest) =>
        new(v.Number, v.Status, v.Subject, v.Body, v.Jurisdictions, v.ContentHash, v.AuthoredBy, v.AuthoredAt, v.SubmittedBy, v.SubmittedAt,
            v.ApprovedBy, v.ApprovedAt, v.RejectedBy, v.RejectedAt, v.ReviewComment, v.RetiredAt, isLatest, v.AuthorId ?? v.AuthoredBy,
            v.SubmittedById ?? v.SubmittedBy);

    private static TemplateActions.VersionFacts Fact(TemplateVersion v) =>
        new(v.Number, v.Status, v.AuthorId ?? v.AuthoredBy, v.SubmittedById ?? v.SubmittedBy, v.ApprovedAt is not null);

    private static List<TemplateActions.VersionFacts> Facts(Template template) => [.. template.Versions.Select(Fact)];

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
