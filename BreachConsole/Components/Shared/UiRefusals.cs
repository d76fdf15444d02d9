using BreachConsole.Auth;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace BreachConsole.Components.Shared;

/// <summary>
/// The console's half of "denied attempts are evidence": a Blazor event can be forged like any request, and when Core
/// refuses it (wrong role, four-eyes) the attempt is recorded exactly as an HTTP 403 is.
/// </summary>
internal sealed class UiRefusals(AuditTrail audit, AuthenticationStateProvider authentication)
{
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
