using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Audit;

public static class DependencyInjection
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<AuditQuery>, AuditQueryValidator>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<AuditHeadReporter>();
        services.AddSingleton<Evidence.IEvidenceContributor, AuditEvidence>();
        return services;
    }
}
