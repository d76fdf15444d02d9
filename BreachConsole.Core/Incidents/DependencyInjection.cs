using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Incidents;

public static class DependencyInjection
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<CreateIncident>, CreateIncidentValidator>();
        services.AddSingleton<IValidator<IncidentQuery>, IncidentQueryValidator>();
        services.AddSingleton<IValidator<SetAffectedCounts>, SetAffectedCountsValidator>();
        services.AddSingleton<IValidator<RecordIncidentDelay>, RecordIncidentDelayValidator>();
        services.AddSingleton<IValidator<RecordDelayReason>, RecordDelayReasonValidator>();
        services.AddSingleton<IValidator<SetNoticeFacts>, SetNoticeFactsValidator>();
        services.AddSingleton<RegulatoryClock>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<Evidence.IEvidenceContributor, IncidentEvidence>();
        return services;
    }
}
