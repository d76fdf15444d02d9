using FluentValidation;

namespace BreachConsole.Core.Intake;

/// <summary>Section <c>Webhooks</c>: the secrets incident-management tools sign their deliveries with.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public PagerDutyWebhook PagerDuty { get; set; } = new();
    public JiraWebhook Jira { get; set; } = new();

    public sealed class PagerDutyWebhook
    {
        /// <summary>Every secret currently valid: during a rotation, the old and the new one.</summary>
        public List<string> Secrets { get; set; } = [];
    }

    public sealed class JiraWebhook
    {
        public string? Secret { get; set; }
    }
}

public sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public WebhookOptionsValidator()
    {
        RuleForEach(x => x.PagerDuty.Secrets).NotEmpty().MinimumLength(8).WithMessage("must be a signing secret of at least 8 characters.");
        RuleFor(x => x.Jira.Secret).MinimumLength(8).When(x => x.Jira.Secret is not null)
            .WithMessage("must be a signing secret of at least 8 characters.");
    }
}
