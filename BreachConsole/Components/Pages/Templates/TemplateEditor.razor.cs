using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using Microsoft.AspNetCore.Components;

namespace BreachConsole.Components.Pages.Templates;

/// <summary>
/// The template source with its live preview (sample data), SMS encoding and segment counter, and lint panel. It owns a
/// working copy of the text; the parent gets every change through <see cref="SubjectChanged"/> / <see cref="BodyChanged"/>
/// and saves through Core, which checks everything again.
/// </summary>
public sealed partial class TemplateEditor : IDisposable
{
    /// <summary>The preview re-renders once typing pauses this long, not on every keystroke.</summary>
    public static readonly TimeSpan RecheckDebounce = TimeSpan.FromMilliseconds(300);

    [Inject]
    private TemplateStudio Studio { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private ITimer? _debounce;

    [Parameter]
    public Channel Channel { get; set; }

    [Parameter]
    public string Locale { get; set; } = "en";

    [Parameter]
    public IReadOnlyList<string> Jurisdictions { get; set; } = [];

    [Parameter]
    public string? Subject { get; set; }

    [Parameter]
    public string Body { get; set; } = "";

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public EventCallback<string?> SubjectChanged { get; set; }

    [Parameter]
    public EventCallback<string> BodyChanged { get; set; }

    /// <summary>Raised after every check, so the page can tell whether submit would pass.</summary>
    [Parameter]
    public EventCallback<TemplateCheck> Checked { get; set; }

    private string? _subject;
    private string _body = "";
    private string? _seenSubject;
    private string? _seenBody;
    private (Channel, string, string) _seenContext;
    private TemplateCheck? _check;

    protected override async Task OnParametersSetAsync()
    {
        // New text from the parent replaces the working copy; a new channel, locale or jurisdiction list only re-checks it.
        var context = (Channel, Locale, string.Join(",", Jurisdictions));
        var textChanged = _seenBody != Body || _seenSubject != Subject;
        if (textChanged)
        {
            _seenBody = Body;
            _seenSubject = Subject;
            _body = Body;
            _subject = Subject;
        }

        if (textChanged || _seenContext != context)
        {
            _seenContext = context;
            await RecheckAsync();
        }
    }

    private async Task OnBodyChanged(string? value)
    {
        _body = value ?? "";
        ScheduleRecheck();
        await BodyChanged.InvokeAsync(_body);
    }

    private async Task OnSubjectChanged(string? value)
    {
        _subject = value;
        ScheduleRecheck();
        await SubjectChanged.InvokeAsync(_subject);
    }

    /// <summary>Keystrokes only restart the timer: rendering and lint run once the author pauses.</summary>
    private void ScheduleRecheck()
    {
        _debounce?.Dispose();
        _debounce = Time.CreateTimer(_ => _ = InvokeAsync(async () =>
        {
            await RecheckAsync();
            StateHasChanged();
        }), null, RecheckDebounce, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _debounce?.Dispose();

    /// <summary>The language the sample data reads in (Core's <see cref="NoticeModel.SampleFor"/>: English for a language it has none for).</summary>
    private string SampleLanguage => NoticeModel.SampleLanguageOf(Locale) switch
    {
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        _ => "English",
    };

    private async Task RecheckAsync()
    {
        var locale = Locales.IsValid(Locale) ? Locales.Canonical(Locale) : "en";
        _check = await Studio.CheckAsync(Channel, locale, Jurisdictions, Channel == Channel.Email ? _subject : null, _body);
        await Checked.InvokeAsync(_check);
    }
}
