using System.Text.Json;
using BreachConsole.Auth;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BreachConsole.Api;

/// <summary>
/// Maps Core's refusals and malformed requests to RFC 9457 problem details. Messages name fields and rules, never the
/// offending value: a value may be personal data.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems,
    AuditTrail audit,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, problem) = Map(exception);
        if (exception is ForbiddenException forbidden)
        {
            // A four-eyes violation or a role Core refused: the attempt itself is evidence.
            await DeniedAccess.RecordAsync(audit, httpContext, forbidden.Message);
        }

        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception.GetType().Name, httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static (int Status, ProblemDetails Problem) Map(Exception exception) => exception switch
    {
        ValidationException v => (400, ValidationProblem(v.Errors.GroupBy(e => CamelCase(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))),
        BadHttpRequestException b when b.StatusCode == 400 => (400, ValidationProblem(new Dictionary<string, string[]>
        {
            [JsonPath(b) ?? "request"] = [DescribeBadRequest(b)],
        })),
        BadHttpRequestException b => (b.StatusCode, new ProblemDetails { Status = b.StatusCode, Title = ReasonPhrase(b.StatusCode) }),
        NotFoundException n => (404, new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message }),
        ForbiddenException f => (403, new ProblemDetails { Status = 403, Title = "Forbidden", Detail = f.Message }),
        ConflictException c => (409, new ProblemDetails { Status = 409, Title = "Conflict", Detail = c.Message }),
        _ => (500, new ProblemDetails { Status = 500, Title = "An unexpected error occurred." }),
    };

    private static ValidationProblemDetails ValidationProblem(IDictionary<string, string[]> errors) =>
        new(errors) { Status = 400, Title = "One or more validation errors occurred." };

    private static string DescribeBadRequest(BadHttpRequestException b) => b.InnerException switch
    {
        JsonException => "The request body is not valid JSON for this endpoint (malformed, or a value of the wrong type).",
        _ when b.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) => "A query or route value has the wrong type.",
        _ when b.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "The request body is missing or could not be read.",
        _ => "The request could not be read.",
    };

    private static string? JsonPath(BadHttpRequestException b) =>
        b.InnerException is JsonException { Path: { Length: > 1 } path } ? path.TrimStart('$', '.') : null;

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) ? "request" : char.ToLowerInvariant(name[0]) + name[1..];

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} for request {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string traceId);
}
