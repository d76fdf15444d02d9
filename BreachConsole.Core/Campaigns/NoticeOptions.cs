using FluentValidation;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Section <c>Notice</c>: the organisation facts every notice prints (<c>org.*</c>, <c>dpo.contact</c>,
/// <c>support_phone</c>, <c>notice.url</c>, <c>identity_protection.*</c>). The embedded defaults are the demo organisation's.
/// </summary>
public sealed class NoticeOptions
{
    public const string Section = "Notice";

    public string OrgName { get; set; } = "Acme Bank";
    public string OrgContact { get; set; } = "privacy@acmebank.example, 1 Main St, Springfield";
    public string DpoContact { get; set; } = "dpo@acmebank.example";
    public string SupportPhone { get; set; } = "+1 800 555 0100";
    public string NoticeUrl { get; set; } = "https://notice.example.com/breach";
    public int IdentityProtectionMonths { get; set; } = 24;
    public string IdentityProtectionUrl { get; set; } = "https://idprotect.example.com/enrol";
}

public sealed class NoticeOptionsValidator : AbstractValidator<NoticeOptions>
{
    public NoticeOptionsValidator()
    {
        RuleFor(x => x.OrgName).NotEmpty();
        RuleFor(x => x.OrgContact).NotEmpty();
        RuleFor(x => x.DpoContact).NotEmpty();
        RuleFor(x => x.SupportPhone).NotEmpty();
        RuleFor(x => x.NoticeUrl).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithMessage("must be an absolute http(s) URL.");
        RuleFor(x => x.IdentityProtectionMonths).InclusiveBetween(0, 120);
    }
}
