using BreachConsole.Auth;
using BreachConsole.Core.Campaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BreachConsole.Hubs;

/// <summary>
/// <c>/hubs/progress</c> (contract.md): a client calls <c>Subscribe(campaignId)</c> and receives <c>progress</c> with the
/// shape of <c>GET /api/v1/campaigns/{id}/progress</c>, at most four a second per campaign. Same roles as that endpoint;
/// authenticated like the API (bearer or <c>X-Dev-User</c>, never the browser cookie).
/// </summary>
[Authorize(Policy = Policies.AnyRole)]
internal sealed class ProgressHub(CampaignService campaigns) : Hub
{
    public const string Path = "/hubs/progress";
    public const string ProgressMethod = "progress";

    public static string Group(Guid campaignId) => $"campaign:{campaignId:N}";

    /// <summary>Joins the campaign's group and sends its progress now.</summary>
    public async Task<CampaignProgressView> Subscribe(Guid campaignId)
    {
        var progress = await campaigns.ProgressAsync(Context.User!.ToActor(), campaignId, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(campaignId), Context.ConnectionAborted);
        await Clients.Caller.SendAsync(ProgressMethod, progress, Context.ConnectionAborted);
        return progress;
    }

    public Task Unsubscribe(Guid campaignId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(campaignId));
}

/// <summary>Forwards every campaign's coalesced progress pushes to its hub group.</summary>
internal sealed class ProgressHubBridge(CampaignProgressNotifier notifier, IHubContext<ProgressHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.SubscribeAll(view =>
            hub.Clients.Group(ProgressHub.Group(view.CampaignId)).SendAsync(ProgressHub.ProgressMethod, view));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
