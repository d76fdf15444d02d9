using BreachConsole.Auth;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;

namespace BreachConsole.Components.Shared;

/// <summary>
/// What a page shows when Core did not do what it asked: one message, its distinct lines (for a page that lists them), and
/// the same messages by field (camelCase, as the API's problem details name them) for forms that show them beside their inputs.
/// </summary>
internal sealed record UiProblem(string Message, IReadOnlyList<string> Lines, IReadOnlyDictionary<string, string> Fields)
{
    public static UiProblem Of(string message) => new(message, [message], new Dictionary<string, string>());

    public static UiProblem Of(ValidationException invalid)
    {
        var errors = invalid.Errors.ToList();
        List<string> lines = errors.Count > 0 ? [.. errors.Select(e => e.ErrorMessage).Distinct()] : [invalid.Message];
        var fields = errors
            .GroupBy(e => FieldOf(e.PropertyName), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.ErrorMessage).Distinct()), StringComparer.OrdinalIgnoreCase);
        return new UiProblem(string.Join(" ", lines), lines, fields);
    }

    /// <summary><c>DataElements[0]</c> → <c>dataElements</c>.</summary>
    private static string FieldOf(string propertyName)
    {
        var name = propertyName.Split('[', '.')[0];
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>
/// The one place the console turns Core's refusals (<see cref="DomainException"/>) and invalid input
/// (<see cref="ValidationException"/>) into what a page shows; pages never catch them themselves (a test holds them to it).
/// It is also the console's half of "denied attempts are evidence": a Blazor event can be forged like any request, and
/// when Core refuses it (wrong role, four-eyes) the attempt is recorded exactly as an HTTP 403 is.
/// </summary>
internal sealed class UiRefusals(AuditTrail audit, AuthenticationStateProvider authentication)
{
    /// <summary>
    /// Runs a page's call into Core. Null when it succeeded; otherwise the problem to show. <paramref name="door"/> names the
    /// page's action in the audit entry of a refusal ("templates/review").
    /// </summary>
    public async Task<UiProblem?> RunAsync(string door, Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (ValidationException invalid)
        {
            return UiProblem.Of(invalid);
        }
        catch (DomainException refusal)
        {
            return UiProblem.Of(await ReportAsync(refusal, door));
        }
    }

    /// <summary>Records <paramref name="refusal"/> when it is a <see cref="ForbiddenException"/>; returns its message for the page.</summary>
    public async Task<string> ReportAsync(DomainException refusal, string door)
    {
        if (refusal is ForbiddenException)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            await audit.RecordDeniedAsync(user.ToActor(), $"console {door}", refusal.Message);
        }

        return refusal.Message;
    }
}
