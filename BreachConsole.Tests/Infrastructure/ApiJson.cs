using System.Net.Http.Json;
using System.Text.Json;

namespace BreachConsole.Tests.Infrastructure;

public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Options));

    public static object ValidIncident(string? externalRef = null) => new
    {
        title = "Customer database exposed",
        awareAt = "2026-11-01T10:00:00Z",
        jurisdictions = new[] { "EU", "US-CA" },
        dataElements = new[] { "Name", "Email" },
        externalRef,
    };
}
