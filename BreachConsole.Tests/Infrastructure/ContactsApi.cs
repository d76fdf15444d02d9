using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace BreachConsole.Tests.Infrastructure;

public static class ContactsApi
{
    public const string Header = "customerId,firstName,lastName,email,phone,country,preferredLanguage,preferredChannel";

    public static async Task<Guid> CreateIncidentAsync(HttpClient ops)
    {
        var response = await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, Guid incidentId, string csv) =>
        PostCsvAsync(client, incidentId, Encoding.UTF8.GetBytes(csv));

    public static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, Guid incidentId, byte[] csv, string mediaType = "text/csv")
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync($"/api/v1/incidents/{incidentId}/contacts", content);
    }

    /// <summary>A valid US row for customer <paramref name="id"/>.</summary>
    public static string Row(string id, string first = "Jane", string last = "Doe", string? email = null, string phone = "(202) 555-0143",
        string country = "US", string language = "en-us", string channel = "Sms") =>
        $"{id},{first},{last},{email ?? $"{id.ToLowerInvariant()}@example.com"},{phone},{country},{language},{channel}";
}
