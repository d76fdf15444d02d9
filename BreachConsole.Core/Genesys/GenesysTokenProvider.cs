using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// OAuth client credentials. The token is cached and renewed shortly before it expires (a tenth of its lifetime, at most a
/// minute early); callers that need a token while a renewal is in flight await that one renewal instead of starting theirs.
/// </summary>
public sealed class GenesysTokenProvider(IOptions<GenesysOptions> options, IGenesysHostResolver hosts, TimeProvider time,
    ILogger<GenesysTokenProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private CachedToken? _token;

    public async ValueTask<string> GetAsync(HttpClient http, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _token) is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Value;
        }

        await _renewal.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have renewed while this one queued.
            if (Volatile.Read(ref _token) is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Value;
            }

            var token = await FetchAsync(http, cancellationToken);
            Volatile.Write(ref _token, token);
            return token.Value;
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> after a 401, unless a newer token already replaced it.</summary>
    public void Invalidate(string rejected)
    {
        var current = Volatile.Read(ref _token);
        if (current is not null && current.Value == rejected)
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    private async Task<CachedToken> FetchAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var (clientId, clientSecret) = GenesysCredentials.For(options.Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hosts.Resolve().Login, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new GenesysRetryLaterException(RetryReason.ServerError, time.GetUtcNow(), null, ex);
        }

        using (response)
        {
            var correlationId = GenesysTransport.CorrelationId(response);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new GenesysRetryLaterException(RetryReason.RateLimited, time.GetUtcNow() + GenesysTransport.RetryAfter(response),
                    correlationId);
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new GenesysRetryLaterException(RetryReason.ServerError, time.GetUtcNow(), correlationId);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GenesysApiException((int)response.StatusCode, await GenesysTransport.ReadErrorAsync(response, cancellationToken),
                    correlationId);
            }

            var body = await response.Content.ReadFromJsonAsync(GenesysJsonContext.Default.OAuthTokenResponse, cancellationToken)
                ?? throw new GenesysApiException((int)response.StatusCode, null, correlationId);
            var lifetime = TimeSpan.FromSeconds(Math.Max(body.ExpiresIn, 1));
            var early = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 10));
            Log.TokenRenewed(logger, body.ExpiresIn, correlationId);
            return new CachedToken(body.AccessToken, time.GetUtcNow() + lifetime - early);
        }
    }

    public void Dispose() => _renewal.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
