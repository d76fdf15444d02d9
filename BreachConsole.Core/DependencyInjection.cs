using BreachConsole.Core.Audit;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Demo;
using BreachConsole.Core.Evidence;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Intake;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Templates;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Vault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreachConsole.Core;

public static class DependencyInjection
{
    /// <summary>Everything the product knows, with no ASP.NET in sight: settings, persistence and the use cases.</summary>
    public static IHostApplicationBuilder AddBreachConsoleCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        // Each capability binds and validates its own settings in its AddXxx.
        builder.AddPersistence();
        services.AddAudit();
        services.AddIncidents();
        services.AddTemplates();
        services.AddEvidence();
        services.AddGenesys();
        builder.AddVault();
        services.AddContacts();
        services.AddPreferences();
        services.AddCampaigns();
        services.AddIntake();
        services.AddDemo();
        return builder;
    }
}
