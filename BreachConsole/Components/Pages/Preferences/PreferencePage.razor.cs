using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Preferences;
using Microsoft.AspNetCore.Components;

namespace BreachConsole.Components.Pages.Preferences;

/// <summary>
/// The customer's preference page, reached from the link in a notice: no sign-in, the sealed link is the credential.
/// Server-rendered HTML with a plain form (works without JavaScript, keyboard and screen-reader friendly). A bad,
/// expired or revoked link, or too many attempts, gets a short explanation, never an error page.
/// </summary>
public sealed partial class PreferencePage
{
    [Parameter]
    public string Link { get; set; } = "";

    [CascadingParameter]
    private HttpContext Http { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "lang")]
    private string? Lang { get; set; }

    [SupplyParameterFromForm(FormName = "preferences")]
    private PreferenceForm? Form { get; set; }

    private PreferencePageText T { get; set; } = PreferencePageText.For().Text;

    private string _language = PreferencePageText.Default;
    private (string Title, string Body)? _problem;
    private PreferenceLinkCheck? _check;
    private CustomerPreferenceView? _view;
    private bool _saved;
    private bool _notSaved;

    protected override async Task OnInitializedAsync()
    {
        (_language, T) = PreferencePageText.For(Lang);
        if (!Limiter.TryAcquire(SealedPreferenceLinks.LinkIdOf(Link), Http.Connection.RemoteIpAddress?.ToString()))
        {
            Refuse(StatusCodes.Status429TooManyRequests, T.TooManyTitle, T.TooManyBody);
            Http.Response.Headers.RetryAfter = "60";
            return;
        }

        _check = await Links.OpenAsync(Link, Http.RequestAborted);
        switch (_check.Status)
        {
            case PreferenceLinkStatus.Invalid:
                // 400, not 404: the framework treats a 404 set during static rendering as "render the not-found page"
                // and drops this page's own explanation.
                Refuse(StatusCodes.Status400BadRequest, T.InvalidTitle, T.InvalidBody);
                return;
            case PreferenceLinkStatus.Expired:
                Refuse(StatusCodes.Status410Gone, T.ExpiredTitle, T.ExpiredBody);
                return;
            case PreferenceLinkStatus.Revoked:
                Refuse(StatusCodes.Status410Gone, T.RevokedTitle, T.RevokedBody);
                return;
        }

        _view = await Customers.GetAsync(_check.Token!, Http.RequestAborted);
        if (Lang is null)
        {
            (_language, T) = PreferencePageText.For(_view.PreferredLanguage, _view.Locale);
        }

        Form ??= new PreferenceForm
        {
            Channel = _view.PreferredChannel?.ToString() ?? "",
            Language = _view.PreferredLanguage ?? PreferencePageText.For(_view.Locale).Language,
            OptOutMarketing = _view.OptOutMarketing,
            OptOutServiceAlerts = _view.OptOutServiceAlerts,
            ElectronicNoticeConsent = _view.ElectronicNoticeConsent,
        };
    }

    private async Task SaveAsync()
    {
        // The handler re-checks: a post with a bad, expired or revoked link, or over the limit, changes nothing.
        if (_check is not { IsValid: true } || Form is null || _view is null)
        {
            return;
        }

        Channel? channel = null;
        if (!string.IsNullOrEmpty(Form.Channel))
        {
            if (!Enum.TryParse<Channel>(Form.Channel, out var parsed) || !_view.Channels.Contains(parsed))
            {
                _notSaved = true;
                SetStatus(StatusCodes.Status400BadRequest);
                return;
            }

            channel = parsed;
        }

        var language = string.IsNullOrEmpty(Form.Language) ? null : Form.Language;
        if (language is not null && !LanguageChoices().Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            _notSaved = true;
            SetStatus(StatusCodes.Status400BadRequest);
            return;
        }

        await Customers.SetAsync(_check.Token!, new CustomerPreferenceChange(channel, language, Form.OptOutMarketing, Form.OptOutServiceAlerts,
            Form.ElectronicNoticeConsent),
            Http.RequestAborted);
        _view = await Customers.GetAsync(_check.Token!, Http.RequestAborted);
        if (Lang is null)
        {
            (_language, T) = PreferencePageText.For(_view.PreferredLanguage, _view.Locale);
        }

        _saved = true;
    }

    private void Refuse(int status, string title, string body)
    {
        _problem = (title, body);
        SetStatus(status);
    }

    /// <summary>This page writes its own explanation: the console's generic status pages must not replace it.</summary>
    private void SetStatus(int status)
    {
        if (Http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        Http.Response.StatusCode = status;
    }

    private IReadOnlyList<string> LanguageChoices()
    {
        var choices = CustomerPreferences.Languages.ToList();
        foreach (var extra in new[] { _view?.PreferredLanguage, _view?.Locale })
        {
            if (extra is not null && !choices.Contains(extra, StringComparer.OrdinalIgnoreCase))
            {
                choices.Add(extra);
            }
        }

        return choices;
    }

    private string ChannelName(Channel channel) => channel switch
    {
        Channel.Email => T.ChannelEmail,
        Channel.Sms => T.ChannelSms,
        _ => T.ChannelVoice,
    };

    internal sealed class PreferenceForm
    {
        public string? Channel { get; set; }
        public string? Language { get; set; }
        public bool OptOutMarketing { get; set; }
        public bool OptOutServiceAlerts { get; set; }
        public bool ElectronicNoticeConsent { get; set; }
    }
}
