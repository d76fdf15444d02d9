using BreachConsole.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Intake;

public static class DependencyInjection
{
    /// <summary>Incident intake: signed webhooks from PagerDuty and Jira, and the Triage queue.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddValidatedSettings<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section);
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton<IncidentTriage>();
        return services;
    }
}
