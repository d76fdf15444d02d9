using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Evidence;

public static class DependencyInjection
{
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        // Each capability adds its own IEvidenceContributor in its own AddXxx (AddIncidents, AddContacts, AddAudit, ...).
        services.AddSingleton<EvidencePackService>();
        return services;
    }
}
