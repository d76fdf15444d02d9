using System.Text.Json.Serialization;
using BreachConsole.Api;
using BreachConsole.Auth;
using BreachConsole.Components;
using BreachConsole.Core.Genesys;
using BreachConsole.Sandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
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
        EnvironmentRefusals.Apply(builder);
        var knownProxies = EnvironmentRefusals.KnownProxies(builder.Configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in knownProxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        // Every request runs in a traced activity, so audit entries and problem-details answers share one trace id.
        builder.AddConsoleTelemetry();
        services.AddSingleton(new ConsoleAuthInfo(authMode, IdentityProviderOrigin(builder.Configuration, authMode)));

        // Sign-in cookies and antiforgery tokens survive a restart: the key ring lives beside the database, each key
        // sealed under the vault's KEK provider (a copied data folder cannot forge a session).
        services.AddDataProtection().SetApplicationName("BreachConsole");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(sp.GetRequiredService<Core.Persistence.DataFolder>().Path, "dataprotection-keys")),
                sp.GetRequiredService<ILoggerFactory>());
            o.XmlEncryptor = new VaultXmlEncryptor(sp.GetRequiredService<Core.Vault.IKeyEncryptionKeyProvider>());
        }));

        // KEK rotation keeps a KEK in the local ring while a data-protection key is sealed under it.
        services.AddSingleton<Core.Vault.IKekUsage, DataProtectionKekUsage>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<Hubs.ProgressHubBridge>();
        services.AddScoped<Components.Shared.FileDownloader>();
        services.AddScoped<Components.Shared.UiRefusals>();
        services.AddScoped<Components.Shared.UserTimeZone>();

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
        // Behind a TLS-terminating proxy the scheme and client address come from its headers, and only from its own.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

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
        api.MapCampaignEndpoints();
        app.MapHub<Hubs.ProgressHub>(Hubs.ProgressHub.Path);
        api.MapWebhookEndpoints();
        app.MapOpenApi().AllowAnonymous();

        if (app.Services.GetRequiredService<IOptions<GenesysOptions>>().Value.Mode == GenesysMode.Sandbox)
        {
            app.MapGenesysSandbox();
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static string? IdentityProviderOrigin(IConfiguration configuration, AuthMode mode) =>
        mode == AuthMode.Entra && Uri.TryCreate(configuration["AzureAd:Instance"], UriKind.Absolute, out var instance)
            ? instance.GetLeftPart(UriPartial.Authority)
            : null;
}

/// <summary>What the UI needs to know about sign-in (which login page to show).</summary>
internal sealed record ConsoleAuthInfo(AuthMode Mode, string? IdentityProviderOrigin);
