using System.Net.Http.Json;
using BreachConsole.Core.Preferences;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Contacts;

/// <summary>
/// The CSV's optional <c>electronicNoticeConsent</c> column (HIPAA, 45 CFR §164.404(d)(1)(i): email notice only to those who
/// agreed to electronic notice) seeds the preference; it never overwrites an answer already on file.
/// </summary>
public sealed class ElectronicNoticeConsentImportTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Import_ConsentColumn_SeedsTheAnswerAndReportsABadValueByColumn()
    {
        var ops = _factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var csv = $"{ContactsApi.Header},electronicNoticeConsent\n" +
                  $"{ContactsApi.Row("EC-1")},true\n{ContactsApi.Row("EC-2")},no\n{ContactsApi.Row("EC-3")},\n{ContactsApi.Row("EC-4")},perhaps\n";

        var result = await (await ContactsApi.PostCsvAsync(ops, incident, csv)).JsonAsync();

        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(5, error.GetProperty("row").GetInt32());
        Assert.Equal("electronicNoticeConsent", error.GetProperty("column").GetString());
        var tokens = (await (await ops.GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("contactId").GetString()!).ToList();
        var live = await _factory.Services.GetRequiredService<IPreferenceSource>().GetAsync(tokens, CancellationToken.None);
        Assert.Equal([true, false, null], tokens.Select(t => live[t].ElectronicNoticeConsent));
    }

    [Fact]
    public async Task Import_ConsentColumn_NeverOverwritesARecordedAnswerButFillsAMissingOne()
    {
        var ops = _factory.Api(DemoUsers.OpsCarol);
        var recorded = await (await ops.PutAsJsonAsync("/api/v1/preferences",
            new { customerId = "EC-10", optOutMarketing = false, optOutServiceAlerts = false, electronicNoticeConsent = false })).JsonAsync();
        var unrecorded = await (await ops.PutAsJsonAsync("/api/v1/preferences",
            new { customerId = "EC-11", optOutMarketing = true, optOutServiceAlerts = false })).JsonAsync();
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var csv = $"{ContactsApi.Header},electronicNoticeConsent\n{ContactsApi.Row("EC-10")},true\n{ContactsApi.Row("EC-11")},true\n";

        (await ContactsApi.PostCsvAsync(ops, incident, csv)).EnsureSuccessStatusCode();

        string first = recorded.GetProperty("contactId").GetString()!, second = unrecorded.GetProperty("contactId").GetString()!;
        var live = await _factory.Services.GetRequiredService<IPreferenceSource>().GetAsync([first, second], CancellationToken.None);
        Assert.False(live[first].ElectronicNoticeConsent);
        Assert.True(live[second].ElectronicNoticeConsent);
        Assert.True(live[second].OptOutMarketing);
    }
}
