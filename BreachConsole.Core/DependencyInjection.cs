using BreachConsole.Core.Audit;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Configuration;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Demo;
using BreachConsole.Core.Dispatch;
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

        services.AddValidatedSettings<GenesysOptions, GenesysOptionsValidator>(GenesysOptions.Section);
        services.AddValidatedSettings<KeysOptions, KeysOptionsValidator>(KeysOptions.Section);
        services.AddValidatedSettings<DispatchOptions, DispatchOptionsValidator>(DispatchOptions.Section);
        services.AddValidatedSettings<RoutesOptions, RoutesOptionsValidator>(RoutesOptions.Section);
        services.AddValidatedSettings<ResidencyOptions, ResidencyOptionsValidator>(ResidencyOptions.Section);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();

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
        services.AddSingleton<DemoSeeder>();
        return builder;
    }
}
