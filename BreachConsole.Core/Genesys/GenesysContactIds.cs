using System.Security.Cryptography;
using System.Text;
using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// The Genesys contact id of one notice: a hash of (incident, customer token, channel). The same notice always has the
/// same id, so a batch posted twice updates its contacts instead of adding them; no customer data goes into it.
/// </summary>
public static class GenesysContactIds
{
    /// <summary>The contact column holding the customer's vault token; the sandbox counts deliveries per its value.</summary>
    public const string ContactKeyColumn = "contactKey";

    public static string For(Guid incidentId, string customerToken, Channel channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerToken);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{incidentId:N}|{customerToken}|{channel}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
