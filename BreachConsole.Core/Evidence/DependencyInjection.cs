using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Evidence;

public static class DependencyInjection
{
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddSingleton<EvidencePackService>();
        services.AddSingleton<IEvidenceContributor, IncidentEvidence>();
        services.AddSingleton<IEvidenceContributor, AuditEvidence>();
        return services;
    }
}
