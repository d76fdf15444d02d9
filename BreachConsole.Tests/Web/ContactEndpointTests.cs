using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Web;

public sealed class ContactEndpointTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private readonly HttpClient _ops = factory.Api(DemoUsers.OpsCarol);

    private static void AssertCounts(JsonElement result, int accepted, int rejected, int duplicates)
    {
        Assert.Equal(accepted, result.GetProperty("accepted").GetInt32());
        Assert.Equal(rejected, result.GetProperty("rejected").GetInt32());
        Assert.Equal(duplicates, result.GetProperty("duplicates").GetInt32());
    }

    private static List<(int Row, string Column, string Reason)> Errors(JsonElement result) =>
        [.. result.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("reason").GetString()!))];

    [Fact]
    public async Task Import_ValidRows_AcceptsAndListsMaskedNormalized()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("C-1", first: "Jane", email: "jane@example.com", phone: "(202) 555-0143", language: "en-us")}\n"
            + $"{ContactsApi.Row("C-2", first: "Lucía", email: "lucia@bücher.de", phone: "787 555 0100", country: "pr", language: "es_pr", channel: "email")}\n";

        var response = await ContactsApi.PostCsvAsync(_ops, incident, csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        AssertCounts(result, 2, 0, 0);
        Assert.Empty(Errors(result));

        var list = await (await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync();
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var first = list.GetProperty("items")[0];
        Assert.Equal("+1 *** *** 0143", first.GetProperty("maskedPhone").GetString());
        Assert.Equal("j***@example.com", first.GetProperty("maskedEmail").GetString());
        Assert.Equal("US", first.GetProperty("country").GetString());
        Assert.Equal("en-US", first.GetProperty("locale").GetString());
        Assert.Equal("Sms", first.GetProperty("channel").GetString());
        Assert.Equal(43, first.GetProperty("contactId").GetString()!.Length);
        var second = list.GetProperty("items")[1];
        Assert.Equal("PR", second.GetProperty("country").GetString());
        Assert.Equal("es-PR", second.GetProperty("locale").GetString());
        Assert.Equal("Email", second.GetProperty("channel").GetString());
        Assert.Equal("l***@bücher.de", second.GetProperty("maskedEmail").GetString());
    }

    [Fact]
    public async Task Import_SameCustomerTwiceAndSameFileAgain_StoredOnce()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("D-1")}\n{ContactsApi.Row("D-2")}\n{ContactsApi.Row(" D-1 ", first: "Other", email: "other@example.com")}\n";

        var first = await (await ContactsApi.PostCsvAsync(_ops, incident, csv)).JsonAsync();
        var again = await (await ContactsApi.PostCsvAsync(_ops, incident, csv)).JsonAsync();

        AssertCounts(first, 2, 0, 1);
        AssertCounts(again, 0, 0, 3);
        // Rows name the duplicate (spreadsheet rows, header = 1): row 4 repeats row 2's customer; the second file's rows
        // all repeat contacts of the earlier import. Never the customer id.
        Assert.Equal([(4, (int?)2)], DuplicateRows(first));
        Assert.Equal([(2, (int?)null), (3, (int?)null), (4, (int?)null)], DuplicateRows(again));
        Assert.DoesNotContain("D-1", first.GetRawText(), StringComparison.Ordinal);

        var list = await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync();
        Assert.Equal(2, list.GetProperty("total").GetInt32());
    }

    private static List<(int Row, int? DuplicateOf)> DuplicateRows(JsonElement result) =>
        [.. result.GetProperty("duplicateRows").EnumerateArray().Select(d => (d.GetProperty("row").GetInt32(),
            d.TryGetProperty("duplicateOf", out var of) && of.ValueKind == JsonValueKind.Number ? of.GetInt32() : (int?)null))];

    [Fact]
    public async Task Import_SameCustomerInAnotherIncident_GetsSameToken()
    {
        var a = await ContactsApi.CreateIncidentAsync(_ops);
        var b = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("T-1")}\n";
        await ContactsApi.PostCsvAsync(_ops, a, csv);
        await ContactsApi.PostCsvAsync(_ops, b, csv);

        var tokenA = (await (await _ops.GetAsync($"/api/v1/incidents/{a}/contacts")).JsonAsync()).GetProperty("items")[0].GetProperty("contactId").GetString();
        var tokenB = (await (await _ops.GetAsync($"/api/v1/incidents/{b}/contacts")).JsonAsync()).GetProperty("items")[0].GetProperty("contactId").GetString();
        Assert.Equal(tokenA, tokenB);
    }

    [Fact]
    public async Task Import_RowWithSeveralProblems_ReportsEachWithSpreadsheetRowAndNoValue()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("E-1")}\n"
            + "E-2,=HYPERLINK(1),Doe,not-an-email,12,ZZ,english!!,Pigeon\n"
            + $"{ContactsApi.Row("E-3")}\n";

        var result = await (await ContactsApi.PostCsvAsync(_ops, incident, csv)).JsonAsync();

        AssertCounts(result, 2, 1, 0);
        var errors = Errors(result);
        Assert.All(errors, e => Assert.Equal(3, e.Row));
        Assert.Equal(["country", "email", "firstName", "phone", "preferredChannel", "preferredLanguage"], errors.Select(e => e.Column).Order());
        var text = result.ToString();
        foreach (var value in new[] { "HYPERLINK", "not-an-email", "ZZ", "english", "Pigeon" })
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Import_QuotedFieldsEmbeddedNewlinesAndBom_AreParsedAndRowsNumberedAsASpreadsheet()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\r\n"
            + "Q-1,\"O\"\"Brien, Jr\",\"Smith\",q1@example.com,2025550143,US,en,Sms\r\n"
            + "Q-2,\"Two\nLines\",Doe,q2@example.com,2025550143,US,en,Sms\r\n"
            + "Q-3,Ann,Doe,q3@example.com,2025550143,US,en,Smoke\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var result = await (await ContactsApi.PostCsvAsync(_ops, incident, bytes)).JsonAsync();

        AssertCounts(result, 1, 2, 0);
        var errors = Errors(result);
        Assert.Contains(errors, e => e is { Row: 3, Column: "firstName" });
        Assert.Contains(errors, e => e is { Row: 4, Column: "preferredChannel" });
    }

    [Fact]
    public async Task Import_RaggedRows_RejectedAndGoodRowsKept()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\nR-1,Ann\n{ContactsApi.Row("R-2")},extra\n{ContactsApi.Row("R-3")}\n\n";

        var result = await (await ContactsApi.PostCsvAsync(_ops, incident, csv)).JsonAsync();

        AssertCounts(result, 1, 3, 0);
        var errors = Errors(result);
        Assert.Contains(errors, e => e is { Row: 2, Column: "row" });
        Assert.Contains(errors, e => e is { Row: 3, Column: "row" });
        Assert.Contains(errors, e => e is { Row: 5, Column: "row" });
        Assert.DoesNotContain(errors, e => e.Row == 4);
    }

    [Fact]
    public async Task Import_TenMegabyteField_RowRejectedOthersKept()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var huge = new string('A', 10 * 1024 * 1024);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("H-1")}\nH-2,{huge},Doe,h2@example.com,2025550143,US,en,Sms\n{ContactsApi.Row("H-3")}\n";

        var response = await ContactsApi.PostCsvAsync(_ops, incident, csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        AssertCounts(result, 2, 1, 0);
        Assert.Contains(Errors(result), e => e is { Row: 3, Column: "firstName" });
    }

    [Fact]
    public async Task Import_SeveralBatches_CountsAndRowNumbersHoldAcrossBatchBoundaries()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        for (var i = 0; i < 4_500; i++)
        {
            // Every 1000th row is bad; rows 2001..2100 repeat customers from the first batch.
            var id = i is >= 2_000 and < 2_100 ? $"B-{i - 2_000}" : $"B-{i}";
            csv.Append(i % 1_000 == 999 ? $"{id},Ann,Doe,bad,1,US,en,Sms" : ContactsApi.Row(id)).Append('\n');
        }

        var result = await (await ContactsApi.PostCsvAsync(_ops, incident, csv.ToString())).JsonAsync();

        AssertCounts(result, 4_500 - 4 - 100, 4, 100);
        Assert.Equal([1_001, 2_001, 3_001, 4_001], Errors(result).Select(e => e.Row).Distinct());
        var list = await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?pageSize=1")).JsonAsync();
        Assert.Equal(4_396, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_MissingHeaderColumns_Returns400NamingThem()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);

        var response = await ContactsApi.PostCsvAsync(_ops, incident, "customerId,firstName,lastName,email,country\nX-1,Ann,Doe,a@example.com,US\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["phone", "preferredChannel", "preferredLanguage"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\uFEFF")]
    public async Task Import_EmptyBody_Returns400(string body)
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);

        var response = await ContactsApi.PostCsvAsync(_ops, incident, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Import_TwoKilobyteName_RowErrorNamingTheColumnNotTheValue()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var padded = "Jane" + new string('x', 2 * 1024);
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("K-1")}\n{ContactsApi.Row("K-2", last: padded)}\n";

        var response = await ContactsApi.PostCsvAsync(_ops, incident, csv);

        var result = await response.JsonAsync();
        AssertCounts(result, 1, 1, 0);
        var error = Assert.Single(Errors(result));
        Assert.Equal((3, "lastName"), (error.Row, error.Column));
        Assert.Contains("1024", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxx", result.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Latin1FileSmuggledAsUtf8_Returns400NamingTheByteOffset()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var prefix = Encoding.UTF8.GetBytes($"{ContactsApi.Header}\nL-1,Jos");
        // "José" saved as Latin-1: 0xE9 is not UTF-8; a lenient decoder would store U+FFFD and tokenize a different id.
        var bytes = prefix.Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes(",Doe,l1@example.com,2025550143,US,en,Sms\n")).ToArray();

        var response = await ContactsApi.PostCsvAsync(_ops, incident, bytes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains($"offset {prefix.Length}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SameCustomerIdDecomposedAndComposed_OneCustomerOneToken()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var composed = "JOS\u00C9-1";
        var decomposed = "JOSE\u0301-1";
        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row(composed)}\n{ContactsApi.Row(decomposed)}\n";

        var response = await ContactsApi.PostCsvAsync(_ops, incident, csv);

        AssertCounts(await response.JsonAsync(), 1, 0, 1);
    }

    [Theory]
    [InlineData("US", "787-CALL-NOW")]
    [InlineData("PR", "787-CALL-NOW")]
    [InlineData("US", "+44 20 7946 0018")]
    public async Task Import_PhoneWithLettersOrFromAnotherCountry_RowErrorWithoutTheValue(string country, string phone)
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = $"{ContactsApi.Header}\nP-1,Jane,Doe,p1@example.com,{phone},{country},en,Sms\n";

        var response = await ContactsApi.PostCsvAsync(_ops, incident, csv);

        var result = await response.JsonAsync();
        AssertCounts(result, 0, 1, 0);
        Assert.Equal((2, "phone"), Errors(result).Select(e => (e.Row, e.Column)).Single());
        Assert.DoesNotContain(phone, result.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BinaryBytes_Returns400NotA500()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var bytes = new byte[64 * 1024];
        new Random(5).NextBytes(bytes);

        var response = await ContactsApi.PostCsvAsync(_ops, incident, bytes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Import_NotCsvMediaType_Returns415()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);

        var response = await ContactsApi.PostCsvAsync(_ops, incident, Encoding.UTF8.GetBytes("{}"), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Import_UnknownIncident_Returns404()
    {
        var response = await ContactsApi.PostCsvAsync(_ops, Guid.NewGuid(), $"{ContactsApi.Header}\n{ContactsApi.Row("N-1")}\n");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_FiltersAndPaging_ReturnMatchingSlice()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        for (var i = 0; i < 30; i++)
        {
            csv.Append(i % 3 == 0
                ? ContactsApi.Row($"F-{i}", phone: "06 12 34 56 78", country: "FR", language: "fr-fr", channel: "Voice")
                : ContactsApi.Row($"F-{i}")).Append('\n');
        }

        await ContactsApi.PostCsvAsync(_ops, incident, csv.ToString());

        var fr = await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?country=fr&pageSize=4&page=2")).JsonAsync();
        Assert.Equal(10, fr.GetProperty("total").GetInt32());
        Assert.Equal(4, fr.GetProperty("items").GetArrayLength());
        Assert.All(fr.GetProperty("items").EnumerateArray(), i => Assert.Equal("fr-FR", i.GetProperty("locale").GetString()));
        var voice = await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?channel=Voice&locale=FR-fr")).JsonAsync();
        Assert.Equal(10, voice.GetProperty("total").GetInt32());
        var sms = await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?channel=Sms&country=FR")).JsonAsync();
        Assert.Equal(0, sms.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?pageSize=100000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts?channel=Pigeon")).StatusCode);
    }

    [Fact]
    public async Task SetPreference_ByCustomerId_StoredByTokenAndAudited()
    {
        var response = await _ops.PutAsJsonAsync("/api/v1/preferences", new
        {
            customerId = "PREF-77",
            optOutMarketing = true,
            optOutServiceAlerts = false,
            preferredChannel = "Email",
            preferredLanguage = "es-pr",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.DoesNotContain("PREF-77", body.ToString(), StringComparison.Ordinal);
        Assert.Equal("es-PR", body.GetProperty("preferredLanguage").GetString());
        Assert.True(body.GetProperty("optOutMarketing").GetBoolean());

        var source = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BreachConsole.Core.Preferences.IPreferenceSource>(factory.Services);
        var token = body.GetProperty("contactId").GetString()!;
        var live = await source.GetAsync([token], CancellationToken.None);
        Assert.True(live[token].OptOutMarketing);
        Assert.Equal(BreachConsole.Core.Dispatch.Channel.Email, live[token].PreferredChannel);

        var audit = await (await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/audit?action=preference.change&target=contact:{token}")).JsonAsync();
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("ops.carol", entry.GetProperty("actor").GetString());
        Assert.DoesNotContain("PREF-77", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPreference_MissingCustomerId_Returns400()
    {
        var response = await _ops.PutAsJsonAsync("/api/v1/preferences", new { optOutMarketing = true, optOutServiceAlerts = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("customerId", out _));
    }

    [Fact]
    public async Task Import_OptOutColumns_SeedPreferencesWithoutOverwriting()
    {
        var incident = await ContactsApi.CreateIncidentAsync(_ops);
        var set = await (await _ops.PutAsJsonAsync("/api/v1/preferences", new { customerId = "O-2", optOutMarketing = false, optOutServiceAlerts = false })).JsonAsync();
        var csv = $"{ContactsApi.Header},optOutMarketing,optOutServiceAlerts\n{ContactsApi.Row("O-1")},true,yes\n{ContactsApi.Row("O-2")},true,true\n{ContactsApi.Row("O-3")},maybe,\n";

        var result = await (await ContactsApi.PostCsvAsync(_ops, incident, csv)).JsonAsync();

        AssertCounts(result, 2, 1, 0);
        Assert.Contains(Errors(result), e => e is { Row: 4, Column: "optOutMarketing" });
        var tokens = (await (await _ops.GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("contactId").GetString()!).ToList();
        var source = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BreachConsole.Core.Preferences.IPreferenceSource>(factory.Services);
        var live = await source.GetAsync(tokens, CancellationToken.None);
        Assert.True(live[tokens[0]].OptOutMarketing);
        Assert.True(live[tokens[0]].OptOutServiceAlerts);
        Assert.Equal(set.GetProperty("contactId").GetString(), tokens[1]);
        Assert.False(live[tokens[1]].OptOutMarketing);
    }
}
