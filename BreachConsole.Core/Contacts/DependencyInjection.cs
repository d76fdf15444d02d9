using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Contacts;

public static class DependencyInjection
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<ContactQuery>, ContactQueryValidator>();
        services.AddSingleton<ContactImportService>();
        services.AddSingleton<ContactDirectory>();
        services.AddSingleton<ContactDemoSeed>();
        services.AddSingleton<Evidence.IEvidenceContributor, ContactEvidence>();
        return services;
    }
}
