using System.Net;
using System.Net.Http.Headers;
using BreachConsole.Core.Genesys;

namespace BreachConsole.Tests.Genesys;

/// <summary>Retry-After, backoff, the breaker and idempotency, on a fake clock: nothing here waits for real seconds.</summary>
public sealed class GenesysTransportTests
{
    [Fact]
    public async Task Send_429WithRetryAfter_HandsBackNotBeforeToTheSecondAndSendsNothingUntilThen()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(42)) } };
        var start = rig.Time.GetUtcNow();

        var first = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());

        Assert.Equal(RetryReason.RateLimited, first.Reason);
        Assert.Equal(start.AddSeconds(42), first.NotBefore);
        Assert.Equal(1, rig.Calls);
        Assert.Equal(1, rig.Metrics.Snapshot().RateLimited);

        rig.Respond = _ => PipelineRig.Json(HttpStatusCode.OK, "[]");
        rig.Time.Advance(TimeSpan.FromSeconds(41));
        var early = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());
        Assert.Equal(start.AddSeconds(42), early.NotBefore);
        Assert.Equal(1, rig.Calls);

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        using var response = await rig.SendAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, rig.Calls);
    }

    [Fact]
    public async Task Send_QueuedWhenAnother429Arrives_IsHandedBackUnsent()
    {
        // 60/min: one slot a second, so the second request queues for its slot while the first one is answered 429.
        using var rig = new PipelineRig(requestsPerMinute: 60);
        rig.Respond = _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)) } };
        var start = rig.Time.GetUtcNow();

        var first = rig.SendAsync();
        var queued = rig.SendAsync();
        await Assert.ThrowsAsync<GenesysRetryLaterException>(() => first);
        rig.Time.Advance(TimeSpan.FromSeconds(2));
        var handedBack = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => queued);

        Assert.Equal(start.AddSeconds(30), handedBack.NotBefore);
        Assert.Equal(1, rig.Calls);
    }

    [Fact]
    public async Task Send_IdempotentAndServiceUnavailable_BacksOff2s4s8sThenHandsBackRetryable()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => PipelineRig.Status(HttpStatusCode.ServiceUnavailable);
        var start = rig.Time.GetUtcNow();

        var send = rig.SendAsync(idempotent: true);
        await rig.WaitForCallsAsync(1);
        foreach (var (wait, calls) in new[] { (2, 2), (4, 3), (8, 4) })
        {
            // A millisecond early nothing may go (the exact call times below prove no retry fired before its time).
            rig.Time.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(calls - 1, rig.Calls);
            rig.Time.Advance(TimeSpan.FromMilliseconds(1));
            await rig.WaitForCallsAsync(calls);
        }

        var handedBack = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => send);
        Assert.Equal(RetryReason.ServerError, handedBack.Reason);
        Assert.Equal([start, start.AddSeconds(2), start.AddSeconds(6), start.AddSeconds(14)], rig.CallTimes);
        Assert.Equal(4, rig.Metrics.Snapshot().ServerErrors);
    }

    [Fact]
    public async Task Send_NotIdempotentAndServiceUnavailable_IsNotRetried()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => PipelineRig.Status(HttpStatusCode.ServiceUnavailable);

        // No clock moves here: a scheduled retry would keep the send from completing, and the timeout would fail the test.
        var handedBack = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync(idempotent: false).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(RetryReason.ServerError, handedBack.Reason);
        Assert.Equal(1, rig.Calls);
    }

    [Fact]
    public void Backoff_WithJitter_StaysBetweenBaseAndTwentyPercentMore()
    {
        var highest = new GenesysResilienceSettings { Jitter = () => 0.999999 };
        var lowest = new GenesysResilienceSettings { Jitter = () => 0 };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var expected = TimeSpan.FromSeconds(2 << attempt);
            Assert.Equal(expected, lowest.Backoff(attempt));
            Assert.InRange(highest.Backoff(attempt), expected * 1.19, expected * 1.2);
        }
    }

    [Fact]
    public async Task Send_SustainedServerErrors_OpensCircuitThenHalfOpensToProbe()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => PipelineRig.Status(HttpStatusCode.InternalServerError);
        for (var i = 0; i < rig.Settings.BreakerMinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync(idempotent: false));
        }

        Assert.Equal(GenesysCircuitState.Open, rig.Metrics.Snapshot().Circuit);
        var opened = rig.Time.GetUtcNow();
        var refused = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());
        Assert.Equal(RetryReason.CircuitOpen, refused.Reason);
        Assert.Equal(opened + rig.Settings.BreakDuration, refused.NotBefore);
        Assert.Equal(rig.Settings.BreakerMinimumThroughput, rig.Calls);

        // After the break one probe goes through; it fails, so the circuit opens again without letting a second one by.
        rig.Time.Advance(rig.Settings.BreakDuration);
        await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync(idempotent: false));
        Assert.Equal(rig.Settings.BreakerMinimumThroughput + 1, rig.Calls);
        Assert.Equal(GenesysCircuitState.Open, rig.Metrics.Snapshot().Circuit);
        var again = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());
        Assert.Equal(RetryReason.CircuitOpen, again.Reason);

        // The next probe succeeds and closes it.
        rig.Time.Advance(rig.Settings.BreakDuration);
        rig.Respond = _ => PipelineRig.Json(HttpStatusCode.OK, "[]");
        using var probe = await rig.SendAsync();
        Assert.Equal(GenesysCircuitState.Closed, rig.Metrics.Snapshot().Circuit);
        using var after = await rig.SendAsync();
        Assert.Equal(rig.Settings.BreakerMinimumThroughput + 3, rig.Calls);
    }

    [Fact]
    public async Task Send_Unauthorized_RenewsTokenOnceAndRetries()
    {
        using var rig = new PipelineRig();
        var calls = 0;
        rig.Respond = _ => Interlocked.Increment(ref calls) == 1 ? PipelineRig.Status(HttpStatusCode.Unauthorized) : PipelineRig.Json(HttpStatusCode.OK, "[]");

        using var response = await rig.SendAsync(idempotent: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, rig.Calls);
    }

    [Fact]
    public async Task Send_BadRequest_ThrowsApiErrorNamingTheField()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => PipelineRig.Json(HttpStatusCode.BadRequest,
            """{"message":"The field 'smsConfig.phoneColumn' is required.","code":"bad.request","status":400,"details":[{"fieldName":"smsConfig.phoneColumn"}]}""");

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => rig.SendAsync());

        Assert.Equal(400, refused.Status);
        Assert.Equal(["smsConfig.phoneColumn"], refused.Fields);
        Assert.Contains("smsConfig.phoneColumn", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.Calls);
    }

    [Fact]
    public async Task Send_BadRequestQuotingAValue_KeepsTheValueOutOfTheExceptionMessage()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => PipelineRig.Json(HttpStatusCode.BadRequest,
            """{"message":"Invalid phone number +15551234567 for contact jane.doe@example.com","code":"invalid.phone","status":400,"details":[{"fieldName":"data.phone"}]}""");

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => rig.SendAsync());

        Assert.Equal("Genesys answered 400 invalid.phone about data.phone.", refused.Message);
        Assert.DoesNotContain("5551234567", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LongRetryAfterOnOnePath_LeavesOtherPathsOpen()
    {
        using var rig = new PipelineRig();
        const string Progress = "api/v2/outbound/messagingcampaigns/5b1c9e7a-2d4f-4a8b-9c3e-7f6a1d2b8e40/progress";
        rig.Respond = r => r.RequestUri!.AbsolutePath.EndsWith("/contacts", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(2)) } }
            : PipelineRig.Json(HttpStatusCode.OK, "{}");
        var start = rig.Time.GetUtcNow();

        var limited = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());
        using var other = await rig.SendAsync(path: Progress);
        var again = await Assert.ThrowsAsync<GenesysRetryLaterException>(() =>
            rig.SendAsync(path: "api/v2/outbound/contactlists/7c2d1e9f-3a4b-4c5d-8e6f-0a1b2c3d4e5f/contacts"));

        Assert.Equal(start.AddHours(2), limited.NotBefore);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(start.AddHours(2), again.NotBefore);
        Assert.Equal(2, rig.Calls);
    }

    [Fact]
    public async Task Send_ShortRetryAfter_ClosesEveryPathUntilThen()
    {
        using var rig = new PipelineRig();
        rig.Respond = _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)) } };
        var start = rig.Time.GetUtcNow();

        await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync());
        var other = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => rig.SendAsync(path: "api/v2/outbound/campaigns/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b/progress"));

        Assert.Equal(start.AddSeconds(20), other.NotBefore);
        Assert.Equal(1, rig.Calls);
    }

    [Fact]
    public async Task Send_LowAllowanceForAShortWindow_PacesLowerOnlyUntilItsReset()
    {
        using var rig = new PipelineRig(requestsPerMinute: 6000);
        var first = true;
        rig.Respond = _ =>
        {
            var response = PipelineRig.Json(HttpStatusCode.OK, "[]");
            if (first)
            {
                response.Headers.Add("inin-ratelimit-allowed", "180");
                response.Headers.Add("inin-ratelimit-reset", "3");
                first = false;
            }

            return response;
        };

        using (await rig.SendAsync())
        {
            Assert.Equal(180, rig.Gate.RequestsPerMinute);
        }

        rig.Time.Advance(TimeSpan.FromSeconds(3));
        using var later = await rig.SendAsync();

        Assert.Equal(6000, rig.Gate.RequestsPerMinute);
        Assert.Equal(6000, rig.Metrics.Snapshot().RequestsPerMinute);
    }
}
