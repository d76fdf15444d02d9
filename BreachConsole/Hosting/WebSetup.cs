using System.Text.Json.Serialization;
using BreachConsole.Api;
using BreachConsole.Auth;
using BreachConsole.Components;
using BreachConsole.Core.Genesys;
using BreachConsole.Sandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BreachConsole.Hosting;

/// <summary>The host's half: HTTP, UI and sign-in around Core's use cases. It holds no business rule.</summary>
internal static class WebSetup
{
    public static WebApplicationBuilder AddBreachConsoleWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var authMode = builder.AddConsoleAuthentication();
        RefuseSandboxInProduction(builder);
        services.AddSingleton(new ConsoleAuthInfo(authMode, IdentityProviderOrigin(builder.Configuration, authMode)));

        // Sign-in cookies and antiforgery tokens survive a restart: the key ring lives beside the database.
        services.AddDataProtection().SetApplicationName("BreachConsole");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(sp.GetRequiredService<Core.Persistence.DataFolder>().Path, "dataprotection-keys")),
                sp.GetRequiredService<ILoggerFactory>())));

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<Components.Shared.FileDownloader>();
        services.AddScoped<Components.Shared.UiRefusals>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Binding failures (malformed JSON, a query value of the wrong type) throw, so the handler above turns them
        // into a 400 validation problem instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddConsoleHealthChecks();
        services.AddConsoleOpenApi();
        builder.AddGenesysSandbox();

        if (!builder.Environment.IsDevelopment())
        {
            services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = true;
            });
        }

        return builder;
    }

    public static WebApplication UseBreachConsoleWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // Every request runs inside an Activity, so audit entries and problem-details answers share one trace id.
        app.Use(async (context, next) =>
        {
            if (System.Diagnostics.Activity.Current is not null)
            {
                await next(context);
                return;
            }

            using var activity = new System.Diagnostics.Activity("BreachConsole.Request").Start();
            await next(context);
        });
        app.UseSecurityHeaders(app.Services.GetRequiredService<ConsoleAuthInfo>().IdentityProviderOrigin);
        app.UseWhen(c => AuthenticationSetup.IsApiRequest(c.Request) || c.Request.Path.StartsWithSegments(SandboxEndpoints.Prefix),
            api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages();
            });
        app.UseWhen(c => !AuthenticationSetup.IsApiRequest(c.Request) && !c.Request.Path.StartsWithSegments(SandboxEndpoints.Prefix),
            pages =>
            {
                pages.UseExceptionHandler("/error/500", createScopeForErrors: true);
                pages.UseStatusCodePagesWithReExecute("/error/{0}");
            });

        // Routing runs after the error/status-code re-execution above, so a re-executed /error/{code} is routed anew.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();

        var api = app.MapGroup("/api/v1");
        api.MapIncidentEndpoints();
        api.MapTemplateEndpoints();
        api.MapAuditEndpoints();
        api.MapContactEndpoints();
        api.MapKeyEndpoints();
        api.MapWebhookEndpoints();
        app.MapOpenApi().AllowAnonymous();

        if (app.Services.GetRequiredService<IOptions<GenesysOptions>>().Value.Mode == GenesysMode.Sandbox)
        {
            app.MapGenesysSandbox();
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// The in-process sandbox is a test double: it keeps what it "delivers" (addresses included) in a plaintext file and
    /// accepts a well-known client secret. Production must talk to Genesys Cloud.
    /// </summary>
    private static void RefuseSandboxInProduction(WebApplicationBuilder builder)
    {
        var mode = builder.Configuration["Genesys:Mode"];
        if (builder.Environment.IsProduction() && (string.IsNullOrWhiteSpace(mode) || string.Equals(mode, nameof(GenesysMode.Sandbox), StringComparison.OrdinalIgnoreCase)))
        {
            throw new Core.Configuration.StartupSettingsException("Genesys:Mode",
                "the in-process Genesys sandbox is refused in the Production environment (it keeps delivered addresses in plaintext): set Genesys:Mode to Cloud.");
        }
    }

    private static string? IdentityProviderOrigin(IConfiguration configuration, AuthMode mode) =>
        mode == AuthMode.Entra && Uri.TryCreate(configuration["AzureAd:Instance"], UriKind.Absolute, out var instance)
            ? instance.GetLeftPart(UriPartial.Authority)
            : null;
}

/// <summary>What the UI needs to know about sign-in (which login page to show).</summary>
internal sealed record ConsoleAuthInfo(AuthMode Mode, string? IdentityProviderOrigin);
