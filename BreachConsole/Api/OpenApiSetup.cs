using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace BreachConsole.Api;

/// <summary>
/// <c>GET /openapi/v1.json</c> (anonymous): every <c>/api/v1</c> route, generated from the endpoints themselves
/// (Microsoft.AspNetCore.OpenApi), with both credentials the API accepts and RFC 9457 problem details on its errors.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "Bearer";
    public const string DevUserScheme = "DevUser";

    private static readonly (string Status, string Description)[] SecuredProblems =
    [
        ("400", "Invalid input (a validation problem with `errors`)."),
        ("401", "Not signed in: no or an invalid bearer token / X-Dev-User."),
        ("403", "Wrong role, or a four-eyes violation."),
    ];

    public static IServiceCollection AddConsoleOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "BreachConsole API",
                    Version = "v1",
                    Description = "Incidents, contacts, preferences, notice templates, campaigns, the audit trail and incident-intake webhooks. "
                        + "JSON in camelCase; errors are RFC 9457 problem details. Authenticate with `Authorization: Bearer <Entra token>` "
                        + "(Auth:Mode=Entra) or `X-Dev-User: <demo user>` (Auth:Mode=Development). Webhooks are authenticated by their signature.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A Microsoft Entra ID access token whose `roles` claim holds Legal, Operations or Auditor (Auth:Mode=Entra).",
                };
                document.Components.SecuritySchemes[DevUserScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Dev-User",
                    Description = "A demo user's name (Auth:Mode=Development): legal.alice, legal.bob, ops.carol, ops.dave, auditor.erin.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
                operation.Responses ??= new OpenApiResponses();
                if (!anonymous)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DevUserScheme, context.Document)] = [] });
                    foreach (var (status, description) in SecuredProblems)
                    {
                        AddProblem(operation, status, description, problem);
                    }
                }

                if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
                {
                    AddProblem(operation, "404", "Unknown id.", problem);
                }

                if (context.Description.HttpMethod is "POST" or "PUT" && !anonymous)
                {
                    AddProblem(operation, "409", "Not allowed in the current state.", problem);
                }
            });
        });

    private static void AddProblem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
