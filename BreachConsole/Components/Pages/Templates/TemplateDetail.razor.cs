using BreachConsole.Components.Shared;
using System.Globalization;
using BreachConsole.Auth;
using BreachConsole.Core.Common;
using BreachConsole.Core.Templates;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;

namespace BreachConsole.Components.Pages.Templates;

/// <summary>
/// One template: edit (Legal), submit, approve or reject (Legal, approve only for a non-author), history and a
/// side-by-side diff. Operations sees the approved version read-only; Auditors see the history. Each action goes through
/// <see cref="TemplateService"/>, which re-checks role, state and four-eyes whatever this page shows.
/// </summary>
public sealed partial class TemplateDetail
{
    [Inject]
    private TemplateService Templates { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private UiRefusals Refusals { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private Actor _actor = new("anonymous", []);
    private TemplateDetails? _template;
    private TemplateVersionInfo? _latest;
    private TemplateVersionInfo? _shown;
    private TemplateCheck? _check;
    private string? _subject;
    private string _body = "";
    private IReadOnlyCollection<string> _jurisdictions = [];
    private bool _dirty;
    private bool _busy;
    private bool _notFound;
    private string? _error;
    private string? _comment;
    private int _tab;
    private int _diffFrom;
    private int _diffTo;
    private IReadOnlyList<DiffRow> _diff = [];
    private List<BreadcrumbItem> _breadcrumbs = [new("Templates", "/templates")];

    private bool IsLegal => _actor.IsIn(Roles.Legal);

    /// <summary>What Core allows this user on the version shown; the page offers exactly these (Core re-checks each).</summary>
    private TemplateAction Allowed => _template is null || _shown is null ? TemplateAction.None
        : TemplateService.AllowedActions(_actor, _template, _shown.Version);

    private bool CanEdit => Allowed.HasFlag(TemplateAction.Edit);

    private bool CanSubmit => Allowed.HasFlag(TemplateAction.Submit);

    private bool CanApprove => Allowed.HasFlag(TemplateAction.Approve);

    private bool CanReject => Allowed.HasFlag(TemplateAction.Reject);

    private bool CanWithdraw => Allowed.HasFlag(TemplateAction.Withdraw);

    private string ReadOnlyReason => !IsLegal
        ? (_actor.IsIn(Roles.Operations) ? "Approved text, read-only." : "Read-only.")
        : _shown?.Version != _latest?.Version
            ? $"Showing v{_shown?.Version}; only the latest version can be edited."
            : CanWithdraw
                ? "In review: you wrote or submitted it, so another lawyer reviews it; withdraw it to edit."
                : _latest?.Status == TemplateStatus.InReview && !CanApprove
                    ? "In review: you wrote part of the text since the last approved version, so another lawyer must review it."
                    : "In review: approve or reject it before editing.";

    protected override async Task OnParametersSetAsync()
    {
        _actor = (await AuthState).User.ToActor();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _template = await Templates.GetAsync(_actor, Id);
        }
        catch (NotFoundException)
        {
            _notFound = true;
            return;
        }

        _latest = _template.Versions.FirstOrDefault(v => v.IsLatest) ?? _template.Versions[0];
        Show(_template.Versions.FirstOrDefault(v => v.IsLatest) ?? _template.Versions[0], switchTab: false);
        _breadcrumbs = [new("Templates", "/templates"), new($"{_template.Name} · {_template.Channel} · {_template.Locale}", null, disabled: true)];
        _diffTo = _template.Versions[0].Version;
        _diffFrom = _template.Versions.Count > 1 ? _template.Versions[1].Version : _diffTo;
        Compare();
    }

    private void Show(TemplateVersionInfo version, bool switchTab = true)
    {
        _shown = version;
        _subject = version.Subject;
        _body = version.Body;
        _jurisdictions = [.. version.Jurisdictions];
        _dirty = false;
        if (switchTab)
        {
            _tab = 0;
        }
    }

    private void OnSubjectChanged(string? subject)
    {
        _subject = subject;
        UpdateDirty();
    }

    private void OnBodyChanged(string body)
    {
        _body = body;
        UpdateDirty();
    }

    private void OnJurisdictionsChanged(IReadOnlyCollection<string>? jurisdictions)
    {
        _jurisdictions = jurisdictions ?? [];
        UpdateDirty();
    }

    private void UpdateDirty() =>
        _dirty = _subject != _shown?.Subject || _body != _shown?.Body
            || !_jurisdictions.Order(StringComparer.Ordinal).SequenceEqual((_shown?.Jurisdictions ?? []).Order(StringComparer.Ordinal));

    private void Compare()
    {
        var from = _template?.Versions.FirstOrDefault(v => v.Version == _diffFrom);
        var to = _template?.Versions.FirstOrDefault(v => v.Version == _diffTo);
        _diff = from is null || to is null ? [] : TemplateDiff.SideBySide(Text(from), Text(to));
    }

    private static string Text(TemplateVersionInfo v) => v.Subject is null ? v.Body : $"Subject: {v.Subject}\n\n{v.Body}";

    private Task SaveAsync() => RunAsync(async () =>
    {
        var saved = await Templates.EditAsync(_actor, Id, new EditTemplate(_subject, _body, [.. _jurisdictions]));
        Snackbar.Add($"Saved as v{saved.Version}.", Severity.Success);
    });

    private Task SubmitAsync() => RunAsync(async () =>
    {
        var submitted = await Templates.SubmitAsync(_actor, Id);
        Snackbar.Add($"v{submitted.Version} submitted for review.", Severity.Success);
    });

    private Task ApproveAsync() => RunAsync(async () =>
    {
        var approved = await Templates.ApproveAsync(_actor, Id, new ReviewTemplate(_comment, _shown?.Version, _shown?.ContentHash));
        Snackbar.Add($"v{approved.Version} approved.", Severity.Success);
    });

    private Task WithdrawAsync() => RunAsync(async () =>
    {
        var withdrawn = await Templates.WithdrawAsync(_actor, Id, new ReviewTemplate(null, _shown?.Version));
        Snackbar.Add($"v{withdrawn.Version} withdrawn from review.", Severity.Info);
    });

    private Task RejectAsync() => RunAsync(async () =>
    {
        var rejected = await Templates.RejectAsync(_actor, Id, new ReviewTemplate(_comment, _latest?.Version));
        Snackbar.Add($"v{rejected.Version} returned to draft.", Severity.Info);
    });

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _error = null;
        var problem = await Refusals.RunAsync("templates/review", async () =>
        {
            await action();
            _comment = null;
            await LoadAsync();
        });
        _busy = false;
        _error = problem?.Message;
    }

    private static bool Rejected(TemplateVersionInfo v) => v.Status == TemplateStatus.Draft && v.RejectedBy is not null;

    /// <summary>"3 checks must pass" (errors block submitting; warnings do not).</summary>
    internal static string BlockingText(TemplateCheck check)
    {
        var count = check.AllFindings.Count(f => f.Severity == LintSeverity.Error);
        count = Math.Max(count, 1);
        return count == 1 ? "1 check must pass" : $"{count} checks must pass";
    }

    private async Task FocusChecksAsync() => await JS.InvokeVoidAsync("breachConsole.focusElement", "template-checks");

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (_dirty && !await JS.InvokeAsync<bool>("confirm", "You have unsaved edits. Leave this page and lose them?"))
        {
            context.PreventNavigation();
        }
    }

    private static string Utc(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
