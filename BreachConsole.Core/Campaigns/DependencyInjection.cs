using BreachConsole.Core.Configuration;
using BreachConsole.Core.Dispatch;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Campaigns;

public static class DependencyInjection
{
    /// <summary>Campaigns: preflight, four-eyes approval, launch, the dispatch engine (a hosted service) and live progress.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddValidatedSettings<DispatchOptions, DispatchOptionsValidator>(DispatchOptions.Section);
        services.AddValidatedSettings<RoutesOptions, RoutesOptionsValidator>(RoutesOptions.Section);
        services.AddValidatedSettings<ResidencyOptions, ResidencyOptionsValidator>(ResidencyOptions.Section);
        services.AddValidatedSettings<GenesysEntitiesOptions, GenesysEntitiesOptionsValidator>(GenesysEntitiesOptions.Section);
        services.AddValidatedSettings<NoticeOptions, NoticeOptionsValidator>(NoticeOptions.Section);
        services.AddValidatedSettings<DispatcherOptions, DispatcherOptionsValidator>(DispatcherOptions.Section);
        services.AddSingleton<IValidator<CreateCampaign>, CreateCampaignValidator>();
        services.AddSingleton<ChannelRouting>();
        services.AddSingleton<AudienceClassifier>();
        services.AddSingleton<CampaignSignals>();
        services.AddSingleton<CampaignProgressNotifier>();
        services.AddSingleton<DeliveryHistory>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<CampaignExceptionsReport>();
        services.AddSingleton<CampaignPlanner>();
        services.AddSingleton<BatchSender>();
        services.AddSingleton<ChannelDriver>();
        services.AddSingleton<OutcomeReconciler>();
        services.AddHttpClient<GenesysCampaignControl>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<CampaignDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CampaignDispatcher>());
        services.AddSingleton<Evidence.IEvidenceContributor, CampaignEvidence>();
        return services;
    }
}
