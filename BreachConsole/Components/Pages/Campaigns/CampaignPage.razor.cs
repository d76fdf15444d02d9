using System.Globalization;
using BreachConsole.Auth;
using BreachConsole.Components.Shared;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreachConsole.Components.Pages.Campaigns;

/// <summary>
/// One campaign: preflight figures, the four-eyes steps, launch with a confirmation of the audience, pause/resume/cancel,
/// and live delivery (subscribed to <see cref="CampaignProgressNotifier"/> after the first render, updated through
/// <see cref="ComponentBase.InvokeAsync(Func{Task})"/>). Every action goes to Core, which re-checks role and state.
/// </summary>
public sealed partial class CampaignPage
{
    // Points on the chart: enough for the curve's shape, few enough for its time labels to stay readable.
    private const int ChartPoints = 40;

    [Inject] private CampaignService Campaigns { get; set; } = default!;
    [Inject] private CampaignProgressNotifier Progress { get; set; } = default!;
    [Inject] private CampaignExceptionsReport Exceptions { get; set; } = default!;
    [Inject] private Core.Incidents.IncidentService Incidents { get; set; } = default!;
    [Inject] private FileDownloader Downloader { get; set; } = default!;
    [Inject] private UiRefusals Refusals { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private CampaignView? _campaign;
    private CampaignProgressView? _progress;
    private bool _notFound;
    private bool _busy;
    private bool _confirmLaunch;
    private string? _userId;
    private IDisposable? _subscription;
    private List<BreadcrumbItem> _breadcrumbs = [new("Incidents", "/incidents")];
    private readonly List<(DateTimeOffset At, long Delivered)> _samples = [];
    private List<ChartSeries<double>> _chartSeries = [];
    private string[] _chartLabels = [];

    private CampaignState State => _progress?.State ?? _campaign?.State ?? CampaignState.Draft;

    private bool IsSubmitter => _campaign?.SubmittedBy is not null && _userId is not null && _campaign.SubmittedBy == _userId;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState).User;
        _userId = user.ToActor().Name;
        try
        {
            await ReloadAsync();
            var incident = await Incidents.GetAsync(user.ToActor(), _campaign!.IncidentId);
            _breadcrumbs = [new("Incidents", "/incidents"), new(incident.Title, $"/incidents/{incident.Id}"), new(_campaign.Name, null, disabled: true)];
        }
        catch (NotFoundException)
        {
            _notFound = true;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && !_notFound)
        {
            _subscription = Progress.Subscribe(Id, view => InvokeAsync(async () =>
            {
                var stateChanged = _progress?.State != view.State;
                _progress = view;
                Sample(view);
                if (stateChanged)
                {
                    await ReloadAsync();
                }

                StateHasChanged();
            }));
        }
    }

    private async Task ReloadAsync()
    {
        var actor = (await AuthState).User.ToActor();
        _campaign = await Campaigns.GetAsync(actor, Id);
        _progress = await Campaigns.ProgressAsync(actor, Id);
        if (_samples.Count == 0 && _campaign.LaunchedAt is not null)
        {
            // The curve since launch, as the dispatcher recorded it; live pushes extend it from here.
            var history = DeliveryHistory.Thin(await Campaigns.DeliveryHistoryAsync(actor, Id), ChartPoints);
            _samples.AddRange(history.Select(p => (p.At, p.Delivered)));
            Redraw();
        }

        Sample(_progress);
    }

    private void Sample(CampaignProgressView view)
    {
        if (_samples.Count > 0 && _samples[^1].Delivered == view.Delivered && view.At - _samples[^1].At < TimeSpan.FromSeconds(10))
        {
            return;
        }

        if (_samples.Count == 0 || view.At > _samples[^1].At)
        {
            _samples.Add((view.At, view.Delivered));
        }

        if (_samples.Count > ChartPoints)
        {
            // Thinned evenly rather than cut at the front, so the curve keeps its start.
            var kept = DeliveryHistory.Thin(_samples, ChartPoints / 2).ToList();
            _samples.Clear();
            _samples.AddRange(kept);
        }

        Redraw();
    }

    private void Redraw()
    {
        _chartLabels = [.. _samples.Select(s => s.At.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture))];
        _chartSeries = [new ChartSeries<double> { Name = "Delivered", Data = new ChartData<double>([.. _samples.Select(s => (double)s.Delivered)]) }];
    }

    private Task PreflightAsync() => RunAsync("preflight", async actor =>
    {
        var result = await Campaigns.PreflightAsync(actor, Id);
        Snackbar.Add(result.Ready ? "Preflight is ready." : "Preflight found gaps; see the figures.", result.Ready ? Severity.Success : Severity.Warning);
    });

    private Task SubmitAsync() => RunAsync("submit", async actor =>
    {
        await Campaigns.SubmitAsync(actor, Id);
        Snackbar.Add("Submitted: a second operator must approve it.", Severity.Success);
    });

    private Task ApproveAsync() => RunAsync("approve", async actor =>
    {
        await Campaigns.ApproveAsync(actor, Id);
        Snackbar.Add("Approved.", Severity.Success);
    });

    private Task LaunchAsync() => RunAsync("launch", async actor =>
    {
        _confirmLaunch = false;
        // One key per confirmation: a double click replays the first answer instead of launching twice.
        await Campaigns.LaunchAsync(actor, Id, $"console:{Id:N}:{_campaign?.ApprovedAt?.UtcTicks}");
        Snackbar.Add("Launched: delivery is under way.", Severity.Success);
    });

    private Task PauseAsync() => RunAsync("pause", actor => Campaigns.PauseAsync(actor, Id));

    private Task ResumeAsync() => RunAsync("resume", actor => Campaigns.ResumeAsync(actor, Id));

    private Task CancelAsync() => RunAsync("cancel", actor => Campaigns.CancelAsync(actor, Id));

    private async Task DownloadExceptionsAsync()
    {
        await RunAsync("exceptions", async actor =>
        {
            var buffer = Core.Common.TempFiles.CreateDeleteOnClose("campaign-exceptions");
            await Exceptions.WriteCsvAsync(actor, Id, buffer);
            buffer.Position = 0;
            await Downloader.DownloadAsync(buffer, CampaignExceptionsReport.FileName(Id), CampaignExceptionsReport.ContentType);
        }, reload: false);
    }

    private async Task RunAsync(string door, Func<Core.Common.Actor, Task> action, bool reload = true)
    {
        _busy = true;
        var problem = await Refusals.RunAsync($"campaigns/{door}", async () => await action((await AuthState).User.ToActor()));
        _busy = false;
        if (problem is not null)
        {
            Snackbar.Add(problem.Message, Severity.Error);
        }

        if (reload)
        {
            await ReloadAsync();
        }
    }

    private static string Utc(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    private static string Eta(int? seconds) => seconds switch
    {
        null => "—",
        0 => "done",
        < 60 => $"{seconds} s",
        < 3600 => $"{seconds / 60} min {seconds % 60} s",
        _ => $"{seconds / 3600} h {seconds % 3600 / 60} min",
    };

    internal static string StateLabel(CampaignState state) => state switch
    {
        CampaignState.AwaitingApproval => "Awaiting approval",
        _ => state.ToString(),
    };

    internal static Color StateColor(CampaignState state) => state switch
    {
        CampaignState.Running => Color.Primary,
        CampaignState.Completed => Color.Success,
        CampaignState.Cancelled => Color.Error,
        CampaignState.Paused or CampaignState.AwaitingApproval => Color.Warning,
        _ => Color.Default,
    };

    public void Dispose() => _subscription?.Dispose();
}
