using BreachConsole.Core.Dispatch;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Residency and routes: which channels may carry a message to a contact in a given country. A region with an allowlist
/// for a channel closes that channel to its contacts unless <c>Routes:*</c> names an allowed carrier or provider.
/// </summary>
public sealed class ChannelRouting
{
    private readonly Dictionary<string, ResidencyRegion> _regionOfCountry = new(StringComparer.OrdinalIgnoreCase);
    private readonly RoutesOptions _routes;

    public ChannelRouting(IOptions<ResidencyOptions> residency, IOptions<RoutesOptions> routes, IOptions<DispatchOptions> dispatch)
    {
        _routes = routes.Value;
        Fallback = dispatch.Value.EffectiveFallback;
        var regions = residency.Value.Regions;
        foreach (var (name, region) in regions)
        {
            var countries = region.Countries.Count == 0 && string.Equals(name, "EU", StringComparison.OrdinalIgnoreCase)
                ? ResidencyOptions.EuEeaCountries
                : region.Countries;
            foreach (var country in countries)
            {
                _regionOfCountry.TryAdd(country, region);
            }
        }

        if (!regions.ContainsKey("EU"))
        {
            // The EU/EEA states form a region by default, open on every channel until an allowlist is configured.
            foreach (var country in ResidencyOptions.EuEeaCountries)
            {
                _regionOfCountry.TryAdd(country, new ResidencyRegion());
            }
        }
    }

    /// <summary>The order tried after the preferred channel (<c>Dispatch:ChannelFallback</c>).</summary>
    public IReadOnlyList<Channel> Fallback { get; }

    /// <summary>The carrier or provider that carries <paramref name="channel"/> (<c>Routes:*</c>).</summary>
    public string RouteOf(Channel channel) => channel switch
    {
        Channel.Sms => _routes.Sms.Carrier,
        Channel.Email => _routes.Email.Provider,
        _ => _routes.Voice.Carrier,
    };

    /// <summary>False when the contact's country lies in a region whose allowlist for the channel does not name its route.</summary>
    public bool IsOpen(Channel channel, string country)
    {
        if (!_regionOfCountry.TryGetValue(country, out var region))
        {
            return true;
        }

        var allowed = channel switch
        {
            Channel.Sms => region.AllowedSmsCarriers,
            Channel.Email => region.AllowedEmailProviders,
            _ => region.AllowedVoiceCarriers,
        };
        return allowed is null || allowed.Contains(RouteOf(channel), StringComparer.OrdinalIgnoreCase);
    }
}
