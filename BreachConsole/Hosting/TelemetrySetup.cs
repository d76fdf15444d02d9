using BreachConsole.Core.Configuration;
using BreachConsole.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BreachConsole.Hosting;

/// <summary>
/// Traces and metrics through OpenTelemetry. Every request runs in ASP.NET Core's request activity, whose id is the
/// <c>traceId</c> of problem-details answers and the <c>correlationId</c> of the audit entries the request writes.
/// Export goes to an OTLP collector when <c>OpenTelemetry:Endpoint</c> is set and nowhere when it is not (the
/// activities still exist then, so those ids still match).
/// </summary>
internal static class TelemetrySetup
{
    public const string Section = "OpenTelemetry";
    public const string ServiceName = "BreachConsole";

    public static WebApplicationBuilder AddConsoleTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = OtlpEndpoint(builder.Configuration);
        var protocol = OtlpProtocol(builder.Configuration);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o =>
                    // Query strings are not recorded (the SDK's default); static assets are noise.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/_framework")
                                          && !context.Request.Path.StartsWithSegments("/_content"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter([.. ConsoleMeters.All]));

        if (endpoint is not null)
        {
            telemetry.UseOtlpExporter(protocol, endpoint);
        }

        return builder;
    }

    private static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:Endpoint"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new StartupSettingsException($"{Section}:Endpoint", "must be an absolute http(s) URL of an OTLP collector (e.g. http://localhost:4317), or empty for no export.");
        }

        return uri;
    }

    private static OtlpExportProtocol OtlpProtocol(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:Protocol"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return OtlpExportProtocol.Grpc;
        }

        return Enum.TryParse<OtlpExportProtocol>(value, ignoreCase: true, out var protocol) && Enum.IsDefined(protocol)
            ? protocol
            : throw new StartupSettingsException($"{Section}:Protocol", "must be Grpc (port 4317) or HttpProtobuf (port 4318).");
    }
}
