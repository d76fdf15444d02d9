namespace BreachConsole.Core.Genesys;

/// <summary>Response management: the content template an email messaging campaign takes its subject and body from.</summary>
public sealed partial class GenesysClient
{
    private const string ResponseManagement = "api/v2/responsemanagement";

    /// <summary>The contact column (and substitution) holding each contact's own rendered subject.</summary>
    public const string EmailSubjectColumn = "subject";

    /// <summary>The contact column (and substitution) holding each contact's own rendered HTML body.</summary>
    public const string EmailBodyColumn = "body";

    /// <summary>
    /// The id of the response named <paramref name="name"/> — of type <c>CampaignEmailTemplate</c>, subject
    /// <c>{{subject}}</c> and HTML body <c>{{body}}</c>, in a library of the same name — for
    /// <c>emailConfig.contentTemplate.id</c>. Genesys fills a campaign template's substitutions from the contact columns
    /// of the same name, so each contact carries its own localized subject and body in the columns
    /// <see cref="EmailSubjectColumn"/> and <see cref="EmailBodyColumn"/>. Both are looked up by exact name (paging
    /// through every page) before anything is created, so running this again creates nothing.
    /// </summary>
    public async Task<string> EnsureEmailContentTemplateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var library = await FindByNameAsync($"{ResponseManagement}/libraries", null, name, Json.EntityListingResponseLibrary, l => l.Name,
            cancellationToken);
        if (library is null)
        {
            library = await CreateAsync($"{ResponseManagement}/libraries", new ResponseLibrary { Name = name }, Json.ResponseLibrary, cancellationToken);
            Log.Created(logger, "response library", name, library.Id ?? "", null);
        }

        var libraryId = Required(library.Id);
        var existing = await FindByNameAsync($"{ResponseManagement}/responses?libraryId={Uri.EscapeDataString(libraryId)}", null, name,
            Json.EntityListingResponse, r => r.Name, cancellationToken);
        if (existing is not null)
        {
            Log.Found(logger, "email content template", name, existing.Id ?? "");
            return Required(existing.Id);
        }

        var created = await CreateAsync($"{ResponseManagement}/responses", new Response
        {
            Name = name,
            Libraries = [new DomainEntityRef(libraryId)],
            InteractionType = "email",
            ResponseType = "CampaignEmailTemplate",
            Texts =
            [
                new ResponseText($"{{{{{EmailSubjectColumn}}}}}", "text/plain", "subject"),
                new ResponseText($"{{{{{EmailBodyColumn}}}}}", "text/html", "body"),
            ],
            Substitutions =
            [
                new ResponseSubstitution(EmailSubjectColumn, "The notice's subject, rendered per contact"),
                new ResponseSubstitution(EmailBodyColumn, "The notice's HTML body, rendered per contact"),
            ],
        }, Json.Response, cancellationToken);
        Log.Created(logger, "email content template", name, created.Id ?? "", null);
        return Required(created.Id);
    }

    private async Task<T> CreateAsync<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(http, GenesysRequest.Json(HttpMethod.Post, path, idempotent: false, body, typeInfo),
            cancellationToken);
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, typeInfo, cancellationToken)
               ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
    }
}
