namespace BreachConsole.Hosting;

/// <summary>Headers every response carries; pages also get a CSP that allows only this origin.</summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProviderOrigin)
    {
        var formAction = identityProviderOrigin is null ? "'self'" : $"'self' {identityProviderOrigin}";
        var csp = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            // MudBlazor positions popovers and sets colours with inline style attributes.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'");

        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = csp;
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}
